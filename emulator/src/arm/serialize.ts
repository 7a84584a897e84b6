// Response bodies in the shapes of the deployments OpenAPI description (2025-04-01):
// DeploymentExtended, DeploymentOperation, and the paged lists.
import type { DeploymentRecord, OperationRecord } from './store.js'
import { isSecureType } from './template.js'
import { normalizeType } from './records.js'
import { resolveType } from './template-types.js'

/** ISO 8601 duration of real elapsed time, as ARM writes it (PT1M23.456S). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, ms) / 1000
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = Math.round((total % 60) * 1000) / 1000
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s}S`
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'Array'
  if (typeof value === 'number') return 'Int'
  if (typeof value === 'boolean') return 'Bool'
  if (value && typeof value === 'object') return 'Object'
  return 'String'
}

/** Parameters as ARM echoes them: secure values left out, only their type. */
function echoParameters(record: DeploymentRecord): Record<string, unknown> {
  const defs = record.request.template.parameters ?? {}
  const out: Record<string, unknown> = {}
  for (const [name, given] of Object.entries(record.request.parameters)) {
    const def = Object.entries(defs).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
    const type = def
      ? normalizeType(resolveType(record.request.template, def).type ?? 'Object')
      : jsonType(given.value)
    out[name] =
      isSecureType(def?.type) || given.reference !== undefined
        ? { type }
        : { type, value: given.value }
  }
  return out
}

function providers(record: DeploymentRecord) {
  const byNamespace = new Map<string, Set<string>>()
  const types = [
    ...(record.plannedTypes ?? []),
    ...record.operations.map((op) => op.targetResource.resourceType)
  ]
  for (const resourceType of types) {
    const [namespace, ...rest] = resourceType.split('/')
    if (!byNamespace.has(namespace)) byNamespace.set(namespace, new Set())
    byNamespace.get(namespace)?.add(rest.join('/'))
  }
  return [...byNamespace].map(([namespace, types]) => ({
    namespace,
    resourceTypes: [...types].map((resourceType) => ({
      resourceType,
      locations: [record.location ?? 'eastus']
    }))
  }))
}

export function deploymentBody(record: DeploymentRecord, now: number): Record<string, unknown> {
  const outputs =
    record.state === 'Succeeded' && record.outputs
      ? Object.fromEntries(Object.entries(record.outputs).filter(([, o]) => !isSecureType(o.type)))
      : undefined
  const properties: Record<string, unknown> = {
    templateHash: record.templateHash,
    parameters: echoParameters(record),
    ...(record.request.templateLink ? { templateLink: record.request.templateLink } : {}),
    ...(record.request.parametersLink ? { parametersLink: record.request.parametersLink } : {}),
    mode: record.request.mode,
    provisioningState: record.state,
    timestamp: new Date(record.endedAt ?? now).toISOString(),
    duration: isoDuration((record.endedAt ?? now) - record.startedAt),
    correlationId: record.correlationId,
    providers: providers(record),
    dependencies: record.dependencies,
    ...(outputs ? { outputs } : {}),
    outputResources: record.outputResources.map((id) => ({ id })),
    ...(record.request.debugSetting ? { debugSetting: record.request.debugSetting } : {}),
    ...((record.onErrorDeployment ?? record.request.onErrorDeployment)
      ? { onErrorDeployment: record.onErrorDeployment ?? { ...record.request.onErrorDeployment } }
      : {}),
    ...(record.error ? { error: record.error } : {})
  }
  return {
    id: record.id,
    name: record.name,
    type: 'Microsoft.Resources/deployments',
    ...(record.location ? { location: record.location } : {}),
    ...(record.tags ? { tags: record.tags } : {}),
    properties
  }
}

export function operationBody(
  record: DeploymentRecord,
  op: OperationRecord,
  now: number
): Record<string, unknown> {
  return {
    id: `${record.id}/operations/${op.operationId}`,
    operationId: op.operationId,
    properties: {
      provisioningOperation: op.provisioningOperation,
      provisioningState: op.provisioningState,
      timestamp: new Date(op.endedAt ?? now).toISOString(),
      duration: isoDuration((op.endedAt ?? now) - op.startedAt),
      serviceRequestId: op.serviceRequestId,
      ...(op.statusCode ? { statusCode: op.statusCode } : {}),
      ...(op.statusMessage ? { statusMessage: op.statusMessage } : {}),
      targetResource: op.targetResource
    }
  }
}

/** One page of a list, with nextLink (skip token) when more remain. */
export function page<T>(items: T[], url: URL, pageSize: number): { value: T[]; nextLink?: string } {
  const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0
  const top = Number(url.searchParams.get('$top') ?? 0) || 0
  const limited = top > 0 ? items.slice(0, top) : items
  const value = limited.slice(skip, skip + pageSize)
  if (skip + pageSize >= limited.length) return { value }
  const next = new URL(url)
  next.searchParams.set('$skiptoken', String(skip + pageSize))
  return { value, nextLink: next.toString() }
}

/**
 * DeploymentValidateResult: id, name, type and properties only (no location or tags, even at the
 * scopes where the request must give a location), with the resources validation planned.
 */
export function validateResultBody(
  record: DeploymentRecord,
  plan: Array<{ id: string }>,
  now: number
): Record<string, unknown> {
  const { location: _location, tags: _tags, ...body } = deploymentBody(record, now)
  const properties = body.properties as Record<string, unknown>
  delete properties.outputResources
  properties.provisioningState = 'Succeeded'
  properties.validatedResources = plan.map((r) => ({ id: r.id }))
  return body
}
