// A created resource written to the store as its provider would hold it: the template's
// evaluated properties plus what the provider adds, resource groups made real, links kept.
import { DEFAULT_LOCATION } from './evaluation.js'
import type { EvalContext } from './eval-context.js'
import { evaluateDeep } from './expressions.js'
import { providerProperties } from './provider-properties.js'
import { linkResource } from './resource-links.js'
import type { PlannedResource } from './resource-plan.js'
import { key } from './scopes.js'
import type { DeploymentRecord, EmulatedResource, Store } from './store.js'

/** Stores `resource` as created by `record`. */
export function writeResource(
  store: Store,
  serial: number,
  record: DeploymentRecord,
  resource: PlannedResource,
  evalCtx: EvalContext
): void {
  const local = { ...evalCtx, copyIndex: resource.copyIndex }
  const def = resource.definition
  const given = (evaluateDeep(def.properties ?? {}, local) ?? {}) as Record<string, unknown>
  const location =
    def.location === undefined ? undefined : String(evaluateDeep(def.location, local))
  if (
    resource.type.toLowerCase() === 'microsoft.resources/resourcegroups' &&
    record.scope.subscriptionId
  ) {
    store.putGroup(record.scope.subscriptionId, resource.name, location ?? DEFAULT_LOCATION)
  }
  const stored: EmulatedResource = {
    id: resource.id,
    name: resource.name,
    type: resource.type,
    location,
    apiVersion: def.apiVersion,
    tags:
      def.tags === undefined
        ? undefined
        : (evaluateDeep(def.tags, local) as Record<string, unknown>),
    sku: def.sku === undefined ? undefined : evaluateDeep(def.sku, local),
    kind: def.kind === undefined ? undefined : evaluateDeep(def.kind, local),
    ...(def.zones === undefined ? {} : { zones: evaluateDeep(def.zones, local) }),
    properties: providerProperties(resource, given, serial, (id) => store.resources.get(key(id))),
    deploymentId: record.id
  }
  store.resources.set(key(resource.id), stored)
  linkResource(store, stored)
}
