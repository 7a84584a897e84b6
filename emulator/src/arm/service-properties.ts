// What providers beyond networking add to a resource, read by templates through reference():
// a storage account's endpoints, a NIC's private IP (from its subnet), a key vault's URI, a
// user-assigned identity's ids, a VM's id, and the principal of any resource's managed identity.
import { createHash } from 'node:crypto'
import {
  addressInPrefix,
  asArray,
  idOf,
  isObject,
  subnetPrefix,
  type Lookup,
  type Props
} from './provider-properties.js'

interface Target {
  id: string
  type: string
  name: string
}

/** A GUID derived from an id, so a redeployed resource keeps its principal and client ids. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|').toLowerCase()).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

const textOr = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback)

type Builder = (t: Target, given: Props, serial: number, lookup: Lookup, tenantId: string) => Props

const BY_TYPE: Record<string, Builder> = {
  'microsoft.storage/storageaccounts': (t, given) => {
    const endpoint = (service: string) => `https://${t.name}.${service}.core.windows.net/`
    return {
      accessTier: 'Hot',
      supportsHttpsTrafficOnly: true,
      ...given,
      primaryEndpoints: {
        blob: endpoint('blob'),
        queue: endpoint('queue'),
        table: endpoint('table'),
        file: endpoint('file'),
        web: `https://${t.name}.z13.web.core.windows.net/`,
        dfs: endpoint('dfs')
      },
      statusOfPrimary: 'available',
      creationTime: '2024-01-01T00:00:00.0000000Z'
    }
  },
  'microsoft.network/networkinterfaces': (t, given, serial, lookup) => ({
    enableAcceleratedNetworking: false,
    enableIPForwarding: false,
    ...given,
    resourceGuid: stableGuid(t.id),
    macAddress: `00-0D-3A-${[serial >> 16, serial >> 8, serial].map((n) => (n & 255).toString(16).padStart(2, '0').toUpperCase()).join('-')}`,
    ipConfigurations: asArray(given.ipConfigurations).map((item, i) => {
      const config = isObject(item) ? item : {}
      const props = isObject(config.properties) ? config.properties : {}
      const name = typeof config.name === 'string' ? config.name : `ipconfig${i + 1}`
      // Azure hands out the 4th address of the subnet first (the first 3 are reserved).
      const prefix = subnetPrefix(idOf(props.subnet), lookup)
      const dynamic = prefix
        ? (addressInPrefix(prefix, 4 + (serial % 200)) ?? addressInPrefix(prefix, 4))
        : undefined
      return {
        ...config,
        name,
        id: `${t.id}/ipConfigurations/${name}`,
        type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
        properties: {
          privateIPAllocationMethod: 'Dynamic',
          privateIPAddressVersion: 'IPv4',
          primary: i === 0,
          ...props,
          privateIPAddress:
            typeof props.privateIPAddress === 'string'
              ? props.privateIPAddress
              : (dynamic ?? '10.0.0.4'),
          provisioningState: 'Succeeded'
        }
      }
    })
  }),
  'microsoft.keyvault/vaults': (t, given, _serial, _lookup, tenantId) => ({
    tenantId,
    accessPolicies: [],
    ...given,
    vaultUri: `https://${t.name}.vault.azure.net/`
  }),
  // The value is write-only: GET (and reference()) never returns it.
  'microsoft.keyvault/vaults/secrets': (t, given) => {
    const { value: _value, ...rest } = given
    const [vault, secret] = t.name.split('/')
    const uri = `https://${vault}.vault.azure.net/secrets/${secret}`
    return {
      ...rest,
      attributes: { enabled: true, ...(isObject(given.attributes) ? given.attributes : {}) },
      secretUri: uri,
      secretUriWithVersion: `${uri}/${stableGuid(t.id, 'version').replace(/-/g, '')}`
    }
  },
  'microsoft.managedidentity/userassignedidentities': (t, given, _serial, _lookup, tenantId) => ({
    ...given,
    tenantId,
    principalId: stableGuid(t.id, 'principal'),
    clientId: stableGuid(t.id, 'client')
  }),
  'microsoft.compute/virtualmachines': (t, given) => ({
    ...given,
    vmId: stableGuid(t.id, 'vm'),
    timeCreated: '2024-01-01T00:00:00.0000000Z'
  })
}

/** True when this module knows what the provider of `type` adds. */
export function hasServiceProperties(type: string): boolean {
  return type.toLowerCase() in BY_TYPE
}

export function serviceProperties(
  target: Target,
  given: Props,
  serial: number,
  lookup: Lookup,
  tenantId: string
): Props {
  const build = BY_TYPE[target.type.toLowerCase()]
  return {
    ...(build ? build(target, given, serial, lookup, tenantId) : given),
    provisioningState: 'Succeeded'
  }
}

/**
 * A managed identity as the provider returns it: a system-assigned one gets a principal and the
 * tenant; each user-assigned one the ids of that identity resource.
 */
export function identityOf(
  id: string,
  given: unknown,
  lookup: Lookup,
  tenantId: string
): Props | undefined {
  if (!isObject(given)) return undefined
  const type = typeof given.type === 'string' ? given.type : 'None'
  const system = /systemassigned/i.test(type)
  const users = isObject(given.userAssignedIdentities) ? given.userAssignedIdentities : undefined
  return {
    ...given,
    ...(system ? { principalId: stableGuid(id, 'principal'), tenantId } : {}),
    ...(users
      ? {
          userAssignedIdentities: Object.fromEntries(
            Object.keys(users).map((uaiId) => {
              const stored = lookup(uaiId)?.properties
              return [
                uaiId,
                {
                  principalId: textOr(stored?.principalId, stableGuid(uaiId, 'principal')),
                  clientId: textOr(stored?.clientId, stableGuid(uaiId, 'client'))
                }
              ]
            })
          )
        }
      : {})
  }
}

/** A DNS label gets its FQDN in the region's cloudapp zone (public IPs, `dnsSettings.fqdn`). */
export function withFqdn(properties: Props, location: string | undefined): Props {
  const dns = properties.dnsSettings
  if (!isObject(dns) || typeof dns.domainNameLabel !== 'string' || dns.fqdn || !location)
    return properties
  const region = location.toLowerCase().replace(/\s+/g, '')
  return {
    ...properties,
    dnsSettings: { ...dns, fqdn: `${dns.domainNameLabel}.${region}.cloudapp.azure.com` }
  }
}
