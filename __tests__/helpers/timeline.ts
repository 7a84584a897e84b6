// A synthetic hub timeline shared by the report tests.
import type { TrackedOperation } from '../../src/deployment/model.js'

export const T0 = Date.parse('2026-01-01T10:00:00Z')
export const MIN = 60_000

export function tracked(
  name: string,
  type: string,
  state: string,
  start: number,
  end?: number,
  extra: Partial<TrackedOperation> = {}
): TrackedOperation {
  return {
    key: `/ops/${name}`,
    resourceType: type,
    resourceName: name,
    resourceId: `/subscriptions/s/resourceGroups/rg/providers/${type}/${name}`,
    state,
    nestedDeployment: '',
    isDeployment: type === 'Microsoft.Resources/deployments',
    startedAt: start,
    ...(end !== undefined ? { finishedAt: end } : {}),
    ...extra
  }
}
