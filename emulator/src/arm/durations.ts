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
