// How long a resource takes to provision (emulated), and whether the scenario makes it fail or
// never finish. Defaults follow what Azure typically takes for hub-and-spoke networking.
import { parseDuration } from '../durations.js'
import type { Scenario } from '../types.js'

const DEFAULT_BY_TYPE: Record<string, number> = {
  'microsoft.network/azurefirewalls': 10 * 60_000,
  'microsoft.network/virtualnetworkgateways': 35 * 60_000,
  'microsoft.network/bastionhosts': 8 * 60_000,
  'microsoft.network/virtualnetworks': 15_000,
  'microsoft.network/publicipaddresses': 10_000,
  'microsoft.resources/resourcegroups': 2_000
}
const DEFAULT_MS = 20_000

const matches = (
  entry: { resourceName?: string; resourceType?: string },
  name: string,
  type: string
) =>
  (entry.resourceName === undefined || entry.resourceName.toLowerCase() === name.toLowerCase()) &&
  (entry.resourceType === undefined || entry.resourceType.toLowerCase() === type.toLowerCase()) &&
  (entry.resourceName !== undefined || entry.resourceType !== undefined)

const lookup = (record: Record<string, string> | undefined, wanted: string) =>
  Object.entries(record ?? {}).find(([k]) => k.toLowerCase() === wanted.toLowerCase())?.[1]

export function provisioningMs(scenario: Scenario, name: string, type: string): number {
  const override =
    lookup(scenario.durations?.byName, name) ?? lookup(scenario.durations?.byType, type)
  if (override !== undefined) return parseDuration(override, `scenario duration for ${name}`)
  return DEFAULT_BY_TYPE[type.toLowerCase()] ?? DEFAULT_MS
}

export function scenarioFailure(scenario: Scenario, name: string, type: string) {
  const failure = scenario.failures?.find((f) => matches(f, name, type))
  if (!failure) return undefined
  return {
    ...failure,
    afterMs: failure.after === undefined ? undefined : parseDuration(failure.after)
  }
}

export function neverEnds(scenario: Scenario, name: string, type: string): boolean {
  return (scenario.neverEnd ?? []).some((n) => matches(n, name, type))
}

/** Realistic read-only properties a provider adds (public IPs get an address, and so on). */
export function providerProperties(
  type: string,
  given: Record<string, unknown>,
  serial: number
): Record<string, unknown> {
  const common = {
    provisioningState: 'Succeeded',
    resourceGuid: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`
  }
  switch (type.toLowerCase()) {
    case 'microsoft.network/publicipaddresses':
      return {
        publicIPAllocationMethod: 'Static',
        publicIPAddressVersion: 'IPv4',
        idleTimeoutInMinutes: 4,
        ...given,
        ...common,
        ipAddress: `20.${(serial >> 8) & 255}.${serial & 255}.${((serial * 7) % 250) + 4}`
      }
    case 'microsoft.network/virtualnetworks':
      return {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [],
        enableDdosProtection: false,
        ...given,
        ...common
      }
    case 'microsoft.network/azurefirewalls':
      return {
        threatIntelMode: 'Alert',
        ...given,
        ...common,
        hubIPAddresses: { privateIPAddress: '10.0.1.4' }
      }
    default:
      return { ...given, ...common }
  }
}
