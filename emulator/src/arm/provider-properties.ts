// What a resource provider adds to a resource it created, so that reference() and what-if see
// what real Azure returns: a public IP's address, a firewall's private IP (the 4th address of
// AzureFirewallSubnet), a gateway's BGP address, ids on sub-resources, and the links providers
// keep between resources live in resource-links.ts.
import { key } from './scopes.js'
import type { EmulatedResource } from './store.js'

export type Props = Record<string, unknown>
export type Lookup = (id: string) => EmulatedResource | undefined

export const isObject = (v: unknown): v is Props =>
  !!v && typeof v === 'object' && !Array.isArray(v)
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
export const idOf = (v: unknown): string | undefined =>
  isObject(v) && typeof v.id === 'string' ? v.id : undefined

/** The address `offset` past the start of an IPv4 prefix (`10.0.1.0/26`, 4 → `10.0.1.4`). */
export function addressInPrefix(prefix: string, offset: number): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix.trim())
  if (!m) return undefined
  const bits = Number(m[5])
  const base = m.slice(1, 5).reduce((n, octet) => n * 256 + Number(octet), 0)
  const size = 2 ** (32 - bits)
  const at = offset >= 0 ? offset : size + offset
  if (at < 0 || at >= size) return undefined
  const n = (base - (base % size) + at) >>> 0
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
}

/** A subnet's address prefix, from the stored virtual network (or a stored subnet resource). */
export function subnetPrefix(subnetId: string | undefined, lookup: Lookup): string | undefined {
  if (!subnetId) return undefined
  const m = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/([^/]+)$/i.exec(subnetId)
  if (!m) return undefined
  const vnet = lookup(m[1])
  const subnet = asArray(vnet?.properties.subnets).find(
    (s) => isObject(s) && String(s.name).toLowerCase() === m[2].toLowerCase()
  )
  const props = isObject(subnet) && isObject(subnet.properties) ? subnet.properties : undefined
  const prefix =
    props?.addressPrefix ??
    asArray(props?.addressPrefixes)[0] ??
    lookup(subnetId)?.properties.addressPrefix
  return typeof prefix === 'string' ? prefix : undefined
}

function publicAddress(ipConfig: Props, lookup: Lookup): string | undefined {
  const pip = idOf(ipConfig.publicIPAddress)
  const address = pip ? lookup(pip)?.properties.ipAddress : undefined
  return typeof address === 'string' ? address : undefined
}

/** Sub-resources (ip configurations, subnets) get ARM ids, types and a provisioning state. */
function subResources(list: unknown, parentId: string, segment: string, type: string): Props[] {
  return asArray(list).map((item) => {
    const entry = isObject(item) ? item : {}
    const name = typeof entry.name === 'string' ? entry.name : 'default'
    return {
      ...entry,
      name,
      id: `${parentId}/${segment}/${name}`,
      type,
      properties: {
        ...(isObject(entry.properties) ? entry.properties : {}),
        provisioningState: 'Succeeded'
      }
    }
  })
}

const withProps = (entry: Props, extra: Props): Props => ({
  ...entry,
  properties: { ...(entry.properties as Props), ...extra }
})

interface Target {
  id: string
  type: string
  name: string
}

type Builder = (t: Target, given: Props, serial: number, lookup: Lookup) => Props

const guid = (serial: number) => `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`

const BY_TYPE: Record<string, Builder> = {
  'microsoft.network/publicipaddresses': (_t, given, serial) => ({
    publicIPAllocationMethod: 'Static',
    publicIPAddressVersion: 'IPv4',
    idleTimeoutInMinutes: 4,
    ipTags: [],
    ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
    ...given,
    resourceGuid: guid(serial),
    ipAddress: `20.${(serial >> 8) & 255}.${serial & 255}.${((serial * 7) % 250) + 4}`
  }),
  'microsoft.network/virtualnetworks': (t, given, serial, lookup) => ({
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    enableDdosProtection: false,
    ...given,
    resourceGuid: guid(serial),
    subnets: subResources(
      given.subnets,
      t.id,
      'subnets',
      'Microsoft.Network/virtualNetworks/subnets'
    ).map((s) =>
      withProps(s, {
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
        delegations: [],
        ...(s.properties as Props)
      })
    ),
    // Peerings are child resources: a redeployed vnet keeps the ones it had.
    virtualNetworkPeerings:
      given.virtualNetworkPeerings ?? lookup(t.id)?.properties.virtualNetworkPeerings ?? []
  }),
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': (t, given, serial, lookup) => {
    const remoteId = idOf(given.remoteVirtualNetwork)
    const remote = remoteId ? lookup(remoteId) : undefined
    const localVnet = t.id.replace(/\/virtualNetworkPeerings\/[^/]+$/i, '')
    const reverse = remote && findPeering(remote, localVnet)
    return {
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      doNotVerifyRemoteGateways: false,
      ...given,
      resourceGuid: guid(serial),
      peeringState: reverse ? 'Connected' : 'Initiated',
      peeringSyncLevel: 'FullyInSync',
      ...(remote?.properties.addressSpace
        ? {
            remoteAddressSpace: remote.properties.addressSpace,
            remoteVirtualNetworkAddressSpace: remote.properties.addressSpace
          }
        : {})
    }
  },
  'microsoft.network/azurefirewalls': (t, given, _serial, lookup) => {
    const configs = subResources(
      given.ipConfigurations,
      t.id,
      'azureFirewallIpConfigurations',
      'Microsoft.Network/azureFirewalls/azureFirewallIpConfigurations'
    ).map((c) => {
      const props = c.properties as Props
      const privateIp = addressInPrefix(subnetPrefix(idOf(props.subnet), lookup) ?? '', 4)
      return withProps(c, privateIp ? { privateIPAddress: privateIp } : {})
    })
    const privateIp = configs
      .map((c) => (c.properties as Props).privateIPAddress)
      .find((a) => typeof a === 'string')
    const addresses = configs
      .map((c) => publicAddress(c.properties as Props, lookup))
      .filter((a): a is string => !!a)
    return {
      threatIntelMode: 'Alert',
      additionalProperties: {},
      applicationRuleCollections: [],
      natRuleCollections: [],
      networkRuleCollections: [],
      ...given,
      ipConfigurations: configs,
      hubIPAddresses: {
        ...(privateIp ? { privateIPAddress: privateIp } : {}),
        publicIPs: { addresses: addresses.map((address) => ({ address })), count: addresses.length }
      }
    }
  },
  'microsoft.network/virtualnetworkgateways': (t, given, serial, lookup) => {
    const configs = subResources(
      given.ipConfigurations,
      t.id,
      'ipConfigurations',
      'Microsoft.Network/virtualNetworkGateways/ipConfigurations'
    )
    const sku = isObject(given.sku) ? given.sku : {}
    const vpn = typeof given.gatewayType !== 'string' || given.gatewayType.toLowerCase() === 'vpn'
    // Azure puts the BGP speaker on the last usable address of GatewaySubnet.
    const bgp = configs.map((c) => {
      const props = c.properties as Props
      const address = addressInPrefix(subnetPrefix(idOf(props.subnet), lookup) ?? '', -2)
      const tunnel = publicAddress(props, lookup)
      return {
        ipconfigurationId: c.id,
        defaultBgpIpAddresses: address ? [address] : [],
        customBgpIpAddresses: [],
        tunnelIpAddresses: tunnel ? [tunnel] : []
      }
    })
    return {
      enablePrivateIpAddress: false,
      disableIPSecReplayProtection: false,
      enableBgpRouteTranslationForNat: false,
      natRules: [],
      ...given,
      resourceGuid: guid(serial),
      sku: { ...sku, capacity: 2 },
      ipConfigurations: configs,
      ...(vpn
        ? {
            bgpSettings: {
              asn: 65515,
              bgpPeeringAddress: bgp[0]?.defaultBgpIpAddresses[0] ?? '',
              peerWeight: 0,
              bgpPeeringAddresses: bgp,
              ...(isObject(given.bgpSettings) ? given.bgpSettings : {})
            }
          }
        : {})
    }
  },
  'microsoft.network/bastionhosts': (t, given, serial) => ({
    scaleUnits: 2,
    disableCopyPaste: false,
    enableTunneling: false,
    enableIpConnect: false,
    enableShareableLink: false,
    ...given,
    dnsName: `bst-${guid(serial).slice(-12)}.bastion.azure.com`,
    ipConfigurations: subResources(
      given.ipConfigurations,
      t.id,
      'bastionHostIpConfigurations',
      'Microsoft.Network/bastionHosts/bastionHostIpConfigurations'
    ).map((c) => withProps(c, { privateIPAllocationMethod: 'Dynamic', ...(c.properties as Props) }))
  }),
  'microsoft.network/localnetworkgateways': (_t, given, serial) => ({
    ...given,
    resourceGuid: guid(serial)
  }),
  // The shared key is write-only: GET (and so reference()) never returns it.
  'microsoft.network/connections': (_t, given, serial) => {
    const { sharedKey: _sharedKey, ...rest } = given
    return {
      routingWeight: 0,
      dpdTimeoutSeconds: 45,
      enableBgp: false,
      useLocalAzureIpAddress: false,
      usePolicyBasedTrafficSelectors: false,
      ipsecPolicies: [],
      trafficSelectorPolicies: [],
      expressRouteGatewayBypass: false,
      ...rest,
      resourceGuid: guid(serial),
      connectionStatus: 'Connected',
      ingressBytesTransferred: 0,
      egressBytesTransferred: 0
    }
  },
  'microsoft.network/firewallpolicies': (t, given, _serial, lookup) => ({
    childPolicies: [],
    ...given,
    // Kept from the stored policy: firewalls and rule collection groups link themselves.
    firewalls: lookup(t.id)?.properties.firewalls ?? [],
    ruleCollectionGroups: lookup(t.id)?.properties.ruleCollectionGroups ?? []
  })
}

export function findPeering(vnet: EmulatedResource, remoteVnetId: string): Props | undefined {
  return asArray(vnet.properties.virtualNetworkPeerings).find(
    (p): p is Props =>
      isObject(p) &&
      isObject(p.properties) &&
      key(idOf(p.properties.remoteVirtualNetwork) ?? '') === key(remoteVnetId)
  )
}

/** The properties a created resource has: the template's, plus what its provider adds. */
export function providerProperties(
  target: Target,
  given: Props,
  serial: number,
  lookup: Lookup
): Props {
  const build = BY_TYPE[target.type.toLowerCase()]
  return {
    ...(build ? build(target, given, serial, lookup) : given),
    provisioningState: 'Succeeded'
  }
}
