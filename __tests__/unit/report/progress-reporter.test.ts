import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { OperationTracker } from '../../../src/deployment/operation-tracker.js'
import type { TrackedOperation } from '../../../src/deployment/model.js'
import {
  describeChange,
  heartbeat,
  ProgressReporter
} from '../../../src/report/progress-reporter.js'
import { FakeLogger } from '../../helpers/fakes.js'
import { MIN, T0, tracked } from '../../helpers/timeline.js'

const GW = 'Microsoft.Network/virtualNetworkGateways'
const deployment = (state: string): DeploymentExtended => ({
  properties: { provisioningState: state }
})

describe('heartbeat', () => {
  it('says how far along it is and what is still running, longest first', () => {
    const resources = [
      ...['a', 'b', 'c', 'd', 'e'].map((n) => tracked(n, 'X/y', 'Succeeded', T0, T0 + MIN)),
      tracked('hub-ergw', GW, 'Running', T0 + 18 * MIN),
      tracked('hub-vpngw', GW, 'Running', T0 + 16 * MIN),
      tracked('f', 'X/y', 'Accepted', T0 + 40 * MIN),
      tracked('g', 'X/y', 'Accepted', T0 + 41 * MIN)
    ]
    expect(heartbeat(resources, 47 * MIN, T0 + 47 * MIN)).toBe(
      'running 47m: 5/9 resources done, 4 running: hub-vpngw (31m), hub-ergw (29m), f (7m), +1 more'
    )
  })
})

describe('describeChange', () => {
  it('gives each move its own line with the duration once finished', () => {
    const running = tracked('hub-fw', 'Microsoft.Network/azureFirewalls', 'Running', T0)
    expect(describeChange({ operation: running }, T0)).toBe(
      '… Microsoft.Network/azureFirewalls hub-fw Running'
    )
    const done = { ...running, state: 'Succeeded', finishedAt: T0 + 12 * MIN }
    expect(describeChange({ operation: done, from: 'Running' }, T0 + 13 * MIN)).toBe(
      '✓ Microsoft.Network/azureFirewalls hub-fw Succeeded after 12m'
    )
    const failed = {
      ...running,
      state: 'Failed',
      finishedAt: T0 + MIN,
      nestedDeployment: 'hub',
      error: { code: 'Conflict', message: 'in use' }
    }
    expect(describeChange({ operation: failed }, T0 + MIN)).toBe(
      '✗ Microsoft.Network/azureFirewalls hub-fw [hub] Failed after 1m: Conflict: in use'
    )
    expect(describeChange({ operation: { ...running, state: 'Accepted' } }, T0)).toBeUndefined()
  })
})

describe('ProgressReporter over a synthetic 3-hour timeline', () => {
  it('logs only changes and a heartbeat every few minutes, so log volume per poll stays flat', async () => {
    const log = new FakeLogger()
    let now = T0
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => now,
      heartbeatMs: 5 * MIN
    })
    const tracker = new OperationTracker()
    const states = (t: number): TrackedOperation[] => [
      tracked(
        'hub-vnet',
        'Microsoft.Network/virtualNetworks',
        t < 2 * MIN ? 'Running' : 'Succeeded',
        T0,
        t < 2 * MIN ? undefined : T0 + 2 * MIN
      ),
      tracked(
        'hub-vpngw',
        GW,
        t < 180 * MIN ? 'Running' : 'Succeeded',
        T0 + 2 * MIN,
        t < 180 * MIN ? undefined : T0 + 180 * MIN
      )
    ]
    const perPoll: number[] = []
    for (let poll = 1; now <= T0 + 181 * MIN; poll++, now += 30_000) {
      const before = log.lines.length
      const changes = tracker.update(states(now - T0))
      const state = now - T0 < 180 * MIN ? 'Running' : 'Succeeded'
      await reporter.report({ deployment: deployment(state), tracker, changes, pollNumber: poll })
      perPoll.push(log.lines.length - before)
    }
    const messages = log.at()
    expect(messages).toContain('✓ Microsoft.Network/virtualNetworks hub-vnet Succeeded after 2m')
    expect(messages).toContain(
      '✓ Microsoft.Network/virtualNetworkGateways hub-vpngw Succeeded after 2h58m'
    )
    expect(messages).toContain('running 1h: 1/2 resources done, 1 running: hub-vpngw (58m)')
    expect(messages.filter((m) => m.startsWith('running ')).length).toBe(35)
    expect(messages.filter((m) => m.startsWith('Deployment is '))).toEqual([
      'Deployment is Running (0s)',
      'Deployment is Succeeded (3h)'
    ])
    // No poll in the last hour logs more than one poll in the first hour did.
    const firstHour = Math.max(...perPoll.slice(5, 120))
    expect(Math.max(...perPoll.slice(240, 355))).toBeLessThanOrEqual(firstHour)
  })

  it('puts a burst of changes into a collapsible group', async () => {
    const log = new FakeLogger()
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => T0,
      heartbeatMs: 5 * MIN
    })
    const tracker = new OperationTracker()
    const changes = tracker.update(
      Array.from({ length: 8 }, (_, i) => tracked(`r${i}`, 'X/y', 'Running', T0))
    )
    await reporter.report({ deployment: deployment('Running'), tracker, changes, pollNumber: 1 })
    expect(log.lines.filter((l) => l.level === 'group').map((l) => l.message)).toEqual([
      '8 operations changed'
    ])
  })
})

describe('ProgressReporter at ARM maximum (800 operations)', () => {
  it('logs nothing for 800 unchanged operations but the heartbeat when it is due', async () => {
    const log = new FakeLogger()
    let now = T0
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => now,
      heartbeatMs: 5 * MIN
    })
    const tracker = new OperationTracker()
    const ops = Array.from({ length: 800 }, (_, i) =>
      tracked(`bench-${i}`, 'X/y', i < 200 ? 'Succeeded' : 'Running', T0, i < 200 ? T0 : undefined)
    )
    const report = async (poll: number) => {
      const before = log.lines.length
      const changes = tracker.update(ops)
      await reporter.report({
        deployment: deployment('Running'),
        tracker,
        changes,
        pollNumber: poll
      })
      return log.at().slice(before)
    }
    expect((await report(1)).length).toBeGreaterThan(0)
    const perPoll: string[][] = []
    for (let poll = 2; poll <= 10; poll++) {
      now += MIN
      perPoll.push(await report(poll))
    }
    expect(perPoll.flat()).toEqual([
      'running 5m: 200/800 resources done, 600 running: bench-200 (5m), bench-201 (5m), bench-202 (5m), +597 more'
    ])
    expect(perPoll[4]).toHaveLength(1) // the heartbeat poll (5m), and nothing else anywhere
  })
})

// Live failures (issue 12): printed outside any group the moment a poll sees them, one warning
// for the run, the heartbeat counting them apart from the done ones, the verdict after the changes.
const PIP = 'Microsoft.Network/publicIPAddresses'

/** Feeds the reporter one poll of `ops` (the tracker works out what changed). */
async function poll(
  reporter: ProgressReporter,
  tracker: OperationTracker,
  state: string,
  ops: TrackedOperation[]
) {
  const changes = tracker.update(ops)
  await reporter.report({ deployment: deployment(state), tracker, changes, pollNumber: 1 })
}

describe('ProgressReporter and failures', () => {
  it('prints a failure outside the group of a busy poll, and warns once', async () => {
    const log = new FakeLogger()
    let now = T0
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => now,
      heartbeatMs: 5 * MIN,
      deploymentName: 'hub-1'
    })
    const tracker = new OperationTracker()
    const busy = (t: number) =>
      Array.from({ length: 8 }, (_, i) =>
        tracked(`pip-${i}`, PIP, 'Succeeded', T0, T0 + t, { key: `/ops/pip-${i}` })
      )
    now = T0 + 5 * MIN
    await poll(reporter, tracker, 'Running', [
      ...busy(MIN),
      tracked('hub-fw', 'Microsoft.Network/azureFirewalls', 'Failed', T0, now, {
        error: { code: 'Conflict', message: 'Subnet in use' }
      })
    ])
    now = T0 + 6 * MIN
    await poll(reporter, tracker, 'Running', [
      ...busy(MIN),
      tracked('hub-fw', 'Microsoft.Network/azureFirewalls', 'Failed', T0, T0 + 5 * MIN),
      tracked('hub-bastion', 'Microsoft.Network/bastionHosts', 'Failed', T0, now)
    ])
    const lines = log.lines.map((l) => `${l.level}: ${l.message}`)
    // The failure comes first, before the group that folds the eight successes away.
    expect(lines.slice(0, 3)).toEqual([
      'info: ✗ Microsoft.Network/azureFirewalls hub-fw Failed after 5m: Conflict: Subnet in use',
      'warning: hub-fw (Microsoft.Network/azureFirewalls) failed: Conflict: Subnet in use. ARM goes on with the resources that do not depend on it, but deployment hub-1 will end Failed.',
      'group: 8 operations changed'
    ])
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(1)
    expect(log.lines[1]?.annotation).toEqual({ title: 'A resource failed' })
    expect(lines).toContain('info: ✗ Microsoft.Network/bastionHosts hub-bastion Failed after 6m')
    expect(lines).toContain('info: running 5m: 8/9 resources done, 1 failed')
  })

  it('prints the verdict after the last operation’s change', async () => {
    const log = new FakeLogger()
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => T0 + 2 * MIN,
      heartbeatMs: 5 * MIN
    })
    await poll(reporter, new OperationTracker(), 'Failed', [
      tracked('pip', PIP, 'Failed', T0, T0 + MIN)
    ])
    expect(log.at('info').at(-1)).toBe('Deployment is Failed (2m)')
  })
})

describe('heartbeat', () => {
  it('counts failed resources apart from done ones, over the template’s resource count', () => {
    const resources = [
      tracked('a', PIP, 'Succeeded', T0, T0 + MIN),
      tracked('b', PIP, 'Failed', T0, T0 + MIN),
      tracked('c', PIP, 'Running', T0 + MIN)
    ]
    expect(heartbeat(resources, 10 * MIN, T0 + 10 * MIN, 12)).toBe(
      'running 10m: 1/12 resources done, 1 failed, 1 running: c (9m)'
    )
    // Never below what has been seen (a count the template got wrong, or none).
    expect(heartbeat(resources, 10 * MIN, T0 + 10 * MIN, 2)).toContain('1/3 resources done')
    expect(heartbeat(resources, 10 * MIN, T0 + 10 * MIN)).toContain('1/3 resources done')
  })
})
