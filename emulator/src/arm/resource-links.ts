// The links resource providers keep between resources once one is created: a vnet lists its
// subnets and peerings, a peering turns Connected when the other side exists, a firewall policy
// lists its firewalls and rule collection groups, a public IP names the ip configuration using it.
import {
  asArray,
  findPeering,
  idOf,
  isObject,
  type Lookup,
  type Props
} from './provider-properties.js'
import { key } from './scopes.js'
import type { EmulatedResource, Store } from './store.js'

function upsert(list: unknown, entry: Props): Props[] {
  const others = asArray(list).filter(
    (e) => !(isObject(e) && key(String(e.id)) === key(String(entry.id)))
  )
  return [...(others as Props[]), entry]
}

/** Links a stored resource into the resources it belongs to, as the providers do. */
export function linkResource(store: Store, resource: EmulatedResource): void {
  const lookup: Lookup = (id) => store.resources.get(key(id))
  const type = resource.type.toLowerCase()
  const parentId = resource.id.replace(/\/[^/]+\/[^/]+$/, '')
  const child = { id: resource.id, name: resource.name.split('/').pop(), type: resource.type }
  if (
    type === 'microsoft.network/virtualnetworks/subnets' ||
    type.endsWith('/virtualnetworkpeerings')
  ) {
    const parent = lookup(parentId)
    const field = type.endsWith('/subnets') ? 'subnets' : 'virtualNetworkPeerings'
    if (parent)
      parent.properties[field] = upsert(parent.properties[field], {
        ...child,
        properties: resource.properties
      })
  }
  if (type.endsWith('/virtualnetworkpeerings')) {
    // The other side's peering becomes Connected once both exist.
    const remote = lookup(idOf(resource.properties.remoteVirtualNetwork) ?? '')
    const reverse = remote && findPeering(remote, parentId)
    if (reverse && isObject(reverse.properties)) {
      reverse.properties.peeringState = 'Connected'
      resource.properties.peeringState = 'Connected'
      const stored = lookup(String(reverse.id))
      if (stored) stored.properties.peeringState = 'Connected'
    }
  }
  if (type === 'microsoft.network/firewallpolicies/rulecollectiongroups') {
    const policy = lookup(parentId)
    if (policy)
      policy.properties.ruleCollectionGroups = upsert(policy.properties.ruleCollectionGroups, {
        id: resource.id
      })
  }
  if (type === 'microsoft.network/azurefirewalls') {
    const policy = lookup(idOf(resource.properties.firewallPolicy) ?? '')
    if (policy)
      policy.properties.firewalls = upsert(policy.properties.firewalls, { id: resource.id })
  }
  // A public IP names the ip configuration that uses it.
  for (const config of asArray(resource.properties.ipConfigurations)) {
    if (!isObject(config) || !isObject(config.properties)) continue
    const pip = lookup(idOf(config.properties.publicIPAddress) ?? '')
    if (pip && typeof config.id === 'string') pip.properties.ipConfiguration = { id: config.id }
  }
}
