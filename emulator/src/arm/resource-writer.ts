// A created resource written to the store as its provider would hold it: the template's
// evaluated properties plus what the provider adds, resource groups made real, links kept.
import { DEFAULT_LOCATION } from './evaluation.js'
import type { EvalContext } from './eval-context.js'
import { evaluateDeep } from './expressions.js'
import { providerProperties } from './provider-properties.js'
import {
  hasServiceProperties,
  identityOf,
  serviceProperties,
  withFqdn
} from './service-properties.js'
import { linkResource } from './resource-links.js'
import type { PlannedResource } from './resource-plan.js'
import { key } from './scopes.js'
import type { DeploymentRecord, EmulatedResource, Store } from './store.js'

/** Stores `resource` as created by `record`. */
export function writeResource(
  store: Store,
  serial: number,
  tenantId: string,
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
  const lookup = (id: string) => store.resources.get(key(id))
  const identity =
    def.identity === undefined
      ? undefined
      : identityOf(resource.id, evaluateDeep(def.identity, local), lookup, tenantId)
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
    ...(identity ? { identity } : {}),
    properties: withFqdn(
      hasServiceProperties(resource.type)
        ? serviceProperties(resource, given, serial, lookup, tenantId)
        : providerProperties(resource, given, serial, lookup),
      location
    ),
    deploymentId: record.id
  }
  store.resources.set(key(resource.id), stored)
  linkResource(store, stored)
  if (resource.type.toLowerCase() === 'microsoft.network/virtualnetworks' && location)
    addNetworkWatcher(store, resource.id, location)
}

/**
 * Azure's side effect of the first virtual network in a region: Network Watcher is enabled, as
 * `NetworkWatcher_<region>` in the `NetworkWatcherRG` group, which templates then reference.
 */
function addNetworkWatcher(store: Store, vnetId: string, location: string): void {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(vnetId)?.[1]
  if (!sub) return
  const region = location.toLowerCase().replace(/\s+/g, '')
  const group =
    store.group(sub, 'NetworkWatcherRG') ?? store.putGroup(sub, 'NetworkWatcherRG', region).group
  const id = `${group.id}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${region}`
  if (store.resources.has(key(id))) return
  store.resources.set(key(id), {
    id,
    name: `NetworkWatcher_${region}`,
    type: 'Microsoft.Network/networkWatchers',
    location: region,
    properties: { provisioningState: 'Succeeded' },
    deploymentId: ''
  })
}
