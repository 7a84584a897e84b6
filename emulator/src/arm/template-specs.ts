// Template specs at resource-group scope, as `az ts create` and the portal use them: PUT/GET/DELETE
// of a spec and of its versions (`properties.mainTemplate`). A deployment's templateLink.id names
// a version. Shapes follow the templateSpecs OpenAPI description (2022-02-01).
import type { ArmContext, ArmRequest, ArmResponse } from '../types.js'
import { ArmError, notFound } from './errors.js'
import { key } from './scopes.js'
import type { Store, TemplateSpecRecord } from './store.js'

const SPEC_PATH =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.resources\/templatespecs\/([^/]+)(?:\/versions\/([^/]+))?$/i

const SPEC_TYPE = 'Microsoft.Resources/templateSpecs'
const VERSION_TYPE = 'Microsoft.Resources/templateSpecs/versions'

export function isTemplateSpecPath(path: string): boolean {
  return SPEC_PATH.test(path)
}

export function handleTemplateSpecs(
  ctx: ArmContext,
  store: Store,
  path: string,
  req: ArmRequest
): ArmResponse {
  const m = SPEC_PATH.exec(path)
  if (!m) throw notFound.route(req.method, path)
  const [, sub, rg, name, version] = m.map((p) => (p === undefined ? p : decodeURIComponent(p)))
  if (sub.toLowerCase() !== ctx.subscriptionId.toLowerCase()) throw notFound.subscription(sub)
  const group = store.group(sub, rg)
  if (!group) throw notFound.resourceGroup(rg)
  const specId = `${group.id}/providers/${SPEC_TYPE}/${name}`
  const id = version ? `${specId}/versions/${version}` : specId
  const existing = store.templateSpecs.get(key(id))
  const method = req.method.toUpperCase()
  const missing = () =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${version ? `${SPEC_TYPE}/${name}/versions/${version}` : `${SPEC_TYPE}/${name}`}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
    )
  const schema = version ? 'TemplateSpecVersion' : 'TemplateSpec'
  if (method === 'GET') {
    if (!existing) throw missing()
    return { status: 200, body: body(store, existing, !!version), schema }
  }
  if (method === 'DELETE') {
    if (!existing) return { status: 204 }
    for (const k of [...store.templateSpecs.keys()])
      if (k === key(id) || k.startsWith(`${key(id)}/`)) store.templateSpecs.delete(k)
    return { status: 200 }
  }
  if (method !== 'PUT') {
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${method}'.`
    )
  }
  const fields = (req.body ?? {}) as {
    location?: string
    tags?: Record<string, string>
    properties?: { description?: string; displayName?: string; mainTemplate?: unknown }
  }
  if (!fields.location) {
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.'
    )
  }
  if (version && !store.templateSpecs.get(key(specId))) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${SPEC_TYPE}/${name}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
    )
  }
  const mainTemplate = fields.properties?.mainTemplate
  if (version && (!mainTemplate || typeof mainTemplate !== 'object')) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'Required property 'mainTemplate' not found in JSON. Path 'properties'.'."
    )
  }
  const now = ctx.clock.now()
  const record: TemplateSpecRecord = {
    id: existing?.id ?? id,
    name: existing?.name ?? version ?? name,
    location: fields.location,
    ...(fields.tags ? { tags: fields.tags } : {}),
    ...(fields.properties?.description ? { description: fields.properties.description } : {}),
    ...(fields.properties?.displayName ? { displayName: fields.properties.displayName } : {}),
    ...(version ? { mainTemplate } : {}),
    createdAt: existing?.createdAt ?? now,
    modifiedAt: now
  }
  store.templateSpecs.set(key(id), record)
  return { status: existing ? 200 : 201, body: body(store, record, !!version), schema }
}

function body(store: Store, r: TemplateSpecRecord, isVersion: boolean): Record<string, unknown> {
  const versions = isVersion
    ? undefined
    : Object.fromEntries(
        [...store.templateSpecs.values()]
          .filter((v) => key(v.id).startsWith(`${key(r.id)}/versions/`))
          .map((v) => [
            v.name,
            {
              timeCreated: new Date(v.createdAt).toISOString(),
              timeModified: new Date(v.modifiedAt).toISOString()
            }
          ])
      )
  return {
    id: r.id,
    name: r.name,
    type: isVersion ? VERSION_TYPE : SPEC_TYPE,
    location: r.location,
    ...(r.tags ? { tags: r.tags } : {}),
    properties: {
      ...(r.description ? { description: r.description } : {}),
      ...(r.displayName ? { displayName: r.displayName } : {}),
      ...(isVersion ? { mainTemplate: r.mainTemplate } : { versions })
    }
  }
}
