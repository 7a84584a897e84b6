// Live failures: printed outside any group the moment a poll sees them, one warning for the run,
// the heartbeat counting them apart from the done ones, and the verdict line after the changes.
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { OperationTracker } from '../../../src/deployment/operation-tracker.js'
import type { TrackedOperation } from '../../../src/deployment/model.js'
import { heartbeat, ProgressReporter } from '../../../src/report/progress-reporter.js'
import { Recorder } from '../../report/fakes.js'
import { MIN, T0, tracked } from '../../report/timeline.js'

const PIP = 'Microsoft.Network/publicIPAddresses'
const deployment = (state: string): DeploymentExtended => ({
  properties: { provisioningState: state }
})

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
    const log = new Recorder()
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
    const log = new Recorder()
    const reporter = new ProgressReporter({
      logger: log,
      startedAt: T0,
      now: () => T0 + 2 * MIN,
      heartbeatMs: 5 * MIN
    })
    await poll(reporter, new OperationTracker(), 'Failed', [
      tracked('pip', PIP, 'Failed', T0, T0 + MIN)
    ])
    expect(log.messages('info').at(-1)).toBe('Deployment is Failed (2m)')
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
