// Live progress in the step log: only what changed since the last poll, plus a periodic heartbeat,
// so a six-hour run logs about as much per poll at the end as at the start. A failure is never
// folded away: it is printed outside any group the moment a poll sees it, and the first one raises
// a warning annotation, because in a two-hour run the verdict may be 90 minutes away.

import type { Logger } from '../runtime/ports.js'
import type { PollSnapshot } from '../deployment/deployment-poller.js'
import { isTerminal } from '../deployment/operation-tracker.js'
import type { OperationChange, TrackedOperation } from '../deployment/model.js'
import { formatDuration } from '../duration.js'

export interface ProgressReporterOptions {
  logger: Logger
  /** When the deployment started (epoch ms). */
  startedAt: number
  now: () => number
  /** Time between heartbeats, ms. */
  heartbeatMs: number
  /** Changes in one poll beyond which the ones that did not fail go into a collapsible group. */
  groupThreshold?: number
  /** Resources the template deploys, when that can be told from it (the heartbeat's denominator). */
  expectedResources?: number
  /** For the first failure's warning. */
  deploymentName?: string
}

/** How many running resources a heartbeat names. */
const RUNNING_SHOWN = 3

export class ProgressReporter {
  private lastHeartbeat: number
  private lastState?: string
  private warned = false

  constructor(private readonly o: ProgressReporterOptions) {
    this.lastHeartbeat = o.startedAt
  }

  async report(snapshot: PollSnapshot): Promise<void> {
    const now = this.o.now()
    const { logger } = this.o
    const failed = snapshot.changes.filter((c) => c.operation.state === 'Failed')
    for (const change of failed) logger.info(describeChange(change, now) ?? '')
    const firstFailure = failed.find((c) => !c.operation.isDeployment) ?? failed[0]
    if (firstFailure && !this.warned) {
      this.warned = true
      logger.warning(firstFailureWarning(firstFailure.operation, this.o.deploymentName), {
        title: 'A resource failed'
      })
    }
    const lines = snapshot.changes
      .filter((c) => c.operation.state !== 'Failed')
      .map((c) => describeChange(c, now))
      .filter((l): l is string => l !== undefined)
    if (lines.length > (this.o.groupThreshold ?? 6)) {
      await logger.group(`${lines.length} operations changed`, () => {
        for (const line of lines) logger.info(line)
        return Promise.resolve()
      })
    } else {
      for (const line of lines) logger.info(line)
    }
    // After the operations' changes: the verdict line is the last thing a finished poll says.
    const state = snapshot.deployment.properties?.provisioningState ?? 'Unknown'
    if (state !== this.lastState) {
      logger.info(`Deployment is ${state} (${formatDuration(now - this.o.startedAt)})`)
      this.lastState = state
    }
    if (!isTerminal(state) && now - this.lastHeartbeat >= this.o.heartbeatMs) {
      const resources = snapshot.tracker.resources()
      logger.info(heartbeat(resources, now - this.o.startedAt, now, this.o.expectedResources))
      this.lastHeartbeat = now
    }
  }
}

/** The one warning of a run, at its first failure: the verdict is known long before the end. */
export function firstFailureWarning(op: TrackedOperation, deploymentName?: string): string {
  const where = op.nestedDeployment ? ` in ${op.nestedDeployment}` : ''
  const detail = op.error ? [op.error.code, op.error.message].filter(Boolean).join(': ') : ''
  const why = detail ? `: ${detail.replace(/\.$/, '')}` : ''
  const which = deploymentName ? `deployment ${deploymentName}` : 'the deployment'
  return `${op.resourceName} (${op.resourceType})${where} failed${why}. ARM goes on with the resources that do not depend on it, but ${which} will end Failed.`
}

const ICON: Record<string, string> = { Succeeded: '✓', Failed: '✗', Canceled: '⊘', Running: '…' }

/** One log line for a change, or undefined when it is not worth a line (first seen as Accepted). */
export function describeChange(change: OperationChange, now: number): string | undefined {
  const op = change.operation
  if (op.state === 'Accepted' && change.from === undefined) return undefined
  const where = op.nestedDeployment ? ` [${op.nestedDeployment}]` : ''
  const what = `${op.resourceType} ${op.resourceName}${where}`
  const icon = ICON[op.state] ?? '•'
  if (isTerminal(op.state)) {
    const took = formatDuration((op.finishedAt ?? now) - op.startedAt)
    const why =
      op.state === 'Failed' && op.error
        ? `: ${[op.error.code, op.error.message].filter(Boolean).join(': ')}`
        : ''
    return `${icon} ${what} ${op.state} after ${took}${why}`
  }
  return `${icon} ${what} ${op.state}`
}

/**
 * `running 47m: 5/9 resources done, 1 failed, 2 running: hub-vpngw (31m), hub-ergw (29m)`.
 * Done counts the resources that ended without failing; the denominator is the template's count
 * when known (operations appear only as ARM starts them), else those seen so far.
 */
export function heartbeat(
  resources: TrackedOperation[],
  elapsedMs: number,
  now: number,
  expected?: number
): string {
  const failed = resources.filter((r) => r.state === 'Failed').length
  const done = resources.filter((r) => isTerminal(r.state) && r.state !== 'Failed').length
  const running = resources
    .filter((r) => !isTerminal(r.state))
    .sort((a, b) => a.startedAt - b.startedAt)
  const shown = running
    .slice(0, RUNNING_SHOWN)
    .map((r) => `${r.resourceName} (${formatDuration(now - r.startedAt)})`)
  const more = running.length > RUNNING_SHOWN ? `, +${running.length - RUNNING_SHOWN} more` : ''
  const total = Math.max(expected ?? 0, resources.length)
  const failedPart = failed > 0 ? `, ${failed} failed` : ''
  const tail = running.length > 0 ? `, ${running.length} running: ${shown.join(', ')}${more}` : ''
  return `running ${formatDuration(elapsedMs)}: ${done}/${total} resources done${failedPart}${tail}`
}
