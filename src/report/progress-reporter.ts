// Live progress in the step log: only what changed since the last poll, plus a periodic heartbeat,
// so a six-hour run logs about as much per poll at the end as at the start.

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
  /** Changes in one poll beyond which they go into a collapsible group. */
  groupThreshold?: number
}

/** How many running resources a heartbeat names. */
const RUNNING_SHOWN = 3

export class ProgressReporter {
  private lastHeartbeat: number
  private lastState?: string

  constructor(private readonly o: ProgressReporterOptions) {
    this.lastHeartbeat = o.startedAt
  }

  async report(snapshot: PollSnapshot): Promise<void> {
    const now = this.o.now()
    const state = snapshot.deployment.properties?.provisioningState ?? 'Unknown'
    if (state !== this.lastState) {
      this.o.logger.info(`Deployment is ${state} (${formatDuration(now - this.o.startedAt)})`)
      this.lastState = state
    }
    const lines = snapshot.changes
      .map((c) => describeChange(c, now))
      .filter((l): l is string => l !== undefined)
    if (lines.length > (this.o.groupThreshold ?? 6)) {
      await this.o.logger.group(`${lines.length} operations changed`, () => {
        for (const line of lines) this.o.logger.info(line)
        return Promise.resolve()
      })
    } else {
      for (const line of lines) this.o.logger.info(line)
    }
    if (!isTerminal(state) && now - this.lastHeartbeat >= this.o.heartbeatMs) {
      this.o.logger.info(heartbeat(snapshot.tracker.resources(), now - this.o.startedAt, now))
      this.lastHeartbeat = now
    }
  }
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

/** `running 47m: 5/9 resources done, 2 running: hub-vpngw (31m), hub-ergw (29m)` */
export function heartbeat(resources: TrackedOperation[], elapsedMs: number, now: number): string {
  const done = resources.filter((r) => isTerminal(r.state)).length
  const running = resources
    .filter((r) => !isTerminal(r.state))
    .sort((a, b) => a.startedAt - b.startedAt)
  const shown = running
    .slice(0, RUNNING_SHOWN)
    .map((r) => `${r.resourceName} (${formatDuration(now - r.startedAt)})`)
  const more = running.length > RUNNING_SHOWN ? `, +${running.length - RUNNING_SHOWN} more` : ''
  const tail = running.length > 0 ? `, ${running.length} running: ${shown.join(', ')}${more}` : ''
  return `running ${formatDuration(elapsedMs)}: ${done}/${resources.length} resources done${tail}`
}
