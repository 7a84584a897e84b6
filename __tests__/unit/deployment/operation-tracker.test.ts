import type { DeploymentOperation } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { OperationTracker, toTracked } from '../../../src/deployment/operation-tracker.js'

const T0 = Date.parse('2026-01-01T10:00:00Z')
const RG = '/subscriptions/s/resourceGroups/rg'

function op(
  id: string,
  name: string,
  type: string,
  state: string,
  at: number,
  duration?: string,
  extra = {}
): DeploymentOperation {
  return {
    id: `${RG}/providers/Microsoft.Resources/deployments/hub/operations/${id}`,
    operationId: id,
    properties: {
      provisioningState: state,
      timestamp: new Date(at),
      ...(duration ? { duration } : {}),
      targetResource: {
        id: `${RG}/providers/${type}/${name}`,
        resourceName: name,
        resourceType: type
      },
      ...extra
    }
  }
}

describe('toTracked', () => {
  it('dates the start from ARM timestamp minus duration', () => {
    const t = toTracked(
      op(
        '1',
        'hub-vpngw',
        'Microsoft.Network/virtualNetworkGateways',
        'Succeeded',
        T0 + 600_000,
        'PT10M'
      ),
      '',
      T0 + 700_000
    )
    expect(t).toMatchObject({
      resourceName: 'hub-vpngw',
      state: 'Succeeded',
      startedAt: T0,
      finishedAt: T0 + 600_000,
      isDeployment: false
    })
  })

  it('marks nested deployments and keeps failure details', () => {
    const failed = op('2', 'spoke', 'Microsoft.Resources/deployments', 'Failed', T0, 'PT1S', {
      statusCode: 'BadRequest',
      statusMessage: {
        error: {
          code: 'DeploymentFailed',
          message: 'boom',
          details: [{ code: 'Inner', message: 'why' }]
        }
      }
    })
    const t = toTracked(failed, 'parent', T0)
    expect(t.isDeployment).toBe(true)
    expect(t.nestedDeployment).toBe('parent')
    expect(t.error).toEqual({
      code: 'DeploymentFailed',
      message: 'boom',
      details: [{ code: 'Inner', message: 'why' }]
    })
  })
})

describe('OperationTracker', () => {
  it('reports new operations and state changes only', () => {
    const tracker = new OperationTracker()
    const fw = (state: string, at: number) =>
      toTracked(op('fw', 'hub-fw', 'Microsoft.Network/azureFirewalls', state, at, 'PT0S'), '', at)
    const vnet = toTracked(
      op('vnet', 'hub-vnet', 'Microsoft.Network/virtualNetworks', 'Succeeded', T0, 'PT1M'),
      '',
      T0
    )

    expect(
      tracker
        .update([fw('Running', T0), vnet])
        .map((c) => [c.operation.resourceName, c.from, c.operation.state])
    ).toEqual([
      ['hub-fw', undefined, 'Running'],
      ['hub-vnet', undefined, 'Succeeded']
    ])
    expect(tracker.update([fw('Running', T0 + 30_000), vnet])).toEqual([])
    const [change] = tracker.update([fw('Succeeded', T0 + 60_000), vnet])
    expect(change.from).toBe('Running')
    // The earliest sighting is kept as the start, whatever the later timestamps say.
    expect(change.operation.startedAt).toBe(T0)
    expect(change.operation.finishedAt).toBe(T0 + 60_000)
    expect(tracker.all()).toHaveLength(2)
  })

  it('counts resources without the nested deployments that contain them', () => {
    const tracker = new OperationTracker()
    tracker.update([
      toTracked(op('d', 'spoke', 'Microsoft.Resources/deployments', 'Running', T0), '', T0),
      toTracked(
        op('v', 'spoke-vnet', 'Microsoft.Network/virtualNetworks', 'Running', T0),
        'spoke',
        T0
      )
    ])
    expect(tracker.resources().map((r) => r.resourceName)).toEqual(['spoke-vnet'])
  })
})

describe('OperationTracker at ARM maximum (800 operations)', () => {
  const listing = (poll: number, changed = -1) =>
    Array.from({ length: 800 }, (_, i) =>
      op(
        String(i),
        `bench-${i}`,
        'Microsoft.Network/publicIPAddresses',
        i === changed ? 'Succeeded' : 'Running',
        T0 + poll * 30_000,
        `PT${poll * 30}S`
      )
    )

  it('keeps unchanged operations as they are: no conversion, no new objects, no changes', () => {
    const tracker = new OperationTracker()
    const poll = (n: number, changed = -1) =>
      tracker.update(listing(n, changed).map((o) => tracker.track(o, '', T0 + n * 30_000)))
    expect(poll(1)).toHaveLength(800)
    const held = tracker.all()
    for (let n = 2; n <= 5; n++) expect(poll(n)).toEqual([])
    // The very same objects: an unchanged operation costs a lookup, not a copy.
    expect(tracker.all().every((o, i) => o === held[i])).toBe(true)
    const changes = poll(6, 417)
    expect(changes.map((c) => [c.operation.resourceName, c.from, c.operation.state])).toEqual([
      ['bench-417', 'Running', 'Succeeded']
    ])
    expect(tracker.all().filter((o, i) => o !== held[i])).toHaveLength(1)
  })

  it('takes fresh objects of unchanged operations without replacing the held ones', () => {
    const tracker = new OperationTracker()
    tracker.update(listing(1).map((o) => toTracked(o, '', T0)))
    const held = tracker.all()
    expect(tracker.update(listing(2).map((o) => toTracked(o, '', T0 + 30_000)))).toEqual([])
    expect(tracker.all().every((o, i) => o === held[i])).toBe(true)
  })
})
