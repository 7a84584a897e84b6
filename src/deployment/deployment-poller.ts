// Polls the deployment and its operations (nested deployments too) until it ends or time runs out.
// A failed poll is not a failed deployment: it keeps polling through a window of failures. Only
// the deployment's GET can fail a poll; its operations are progress detail (operation-tree.ts).

import type { PollOutcome } from './model.js'
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { FullOperationResponse } from '@azure-rest/core-client'
import type { Clock, Logger } from '../runtime/ports.js'
import { statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import type { ScopeTarget } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import type { DeploymentRef } from './model.js'
import { isTerminal, OperationTracker } from './operation-tracker.js'
import type { OperationChange } from './model.js'
import { OperationTree } from './operation-tree.js'
import { PollPacer } from './poll-pacing.js'

export interface PollSnapshot {
  deployment: DeploymentExtended
  tracker: OperationTracker
  changes: OperationChange[]
  pollNumber: number
}

export interface PollerOptions {
  pollIntervalMs: number
  /** Deadline, epoch ms. */
  deadline: number
  api: DeploymentApi
  clock: Clock
  logger: Logger
  /** Called after each successful poll (progress reporting). */
  onPoll: (snapshot: PollSnapshot) => Promise<void> | void
  /** Aborts the wait (runner cancellation). */
  signal?: AbortSignal
  /** Give up after consecutive failures spanning this long. Default max(15 min, 10 polls). */
  failureWindowMs?: number
}

/** 4xx answers that more polling will not fix (404 is tolerated briefly: ARM is eventually consistent). */
const PERMANENT = new Set([400, 401, 403, 404])
const PERMANENT_LIMIT = 3

export async function pollDeployment(ref: DeploymentRef, o: PollerOptions): Promise<PollOutcome> {
  const tracker = new OperationTracker()
  const tree = new OperationTree(o.api, tracker, o.logger)
  const pacer = new PollPacer(o.pollIntervalMs, o.logger, () => o.clock.now())
  const onResponse = (r: FullOperationResponse): void => pacer.observe(r.headers)
  const windowMs = o.failureWindowMs ?? Math.max(15 * 60_000, 10 * o.pollIntervalMs)
  let last: DeploymentExtended | undefined
  let failures = 0
  let firstFailureAt = 0
  for (let pollNumber = 1; ; pollNumber++) {
    pacer.beginPoll()
    try {
      // The GET decides the verdict; the operations only give progress (and never fail a poll).
      const deployment = await getDeployment(o.api, ref.target, ref.name, onResponse)
      last = deployment
      if (failures > 0) o.logger.info(`Polling recovered after ${failures} failed attempt(s)`)
      failures = 0
      const finished = isTerminal(deployment.properties?.provisioningState)
      const now = o.clock.now()
      // The last poll (the deployment ended, or the deadline is here) reads every listing whole, so
      // the summary never shows operations as a skipped re-read left them (operation-tree.ts).
      const listed = await tree.list(ref, {
        poll: pollNumber,
        now,
        onResponse,
        finished: finished || now >= o.deadline
      })
      const changes = tracker.update(listed)
      await o.onPoll({ deployment, tracker, changes, pollNumber })
      if (finished) return { kind: 'finished', deployment, tracker }
    } catch (error) {
      failures++
      const now = o.clock.now()
      if (failures === 1) firstFailureAt = now
      const status = statusOf(error)
      const permanent = status !== undefined && PERMANENT.has(status)
      const failing = now - firstFailureAt
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
      if ((permanent && failures >= PERMANENT_LIMIT) || (failures > 1 && failing >= windowMs)) {
        const cause = toArmCallError(`Polling deployment '${ref.name}'`, error)
        const lost = new Error(
          `Gave up polling deployment '${ref.name}' after ${failures} consecutive failures over ${formatDuration(failing)}: ${cause.message}`,
          { cause }
        )
        return { kind: 'lost', error: lost, ...(last ? { deployment: last } : {}), tracker }
      }
      o.logger.warning(
        `Poll ${pollNumber} failed: ${message}. The deployment goes on in Azure; retrying ` +
          `(${failures} consecutive failure(s), giving up after ${permanent ? `${PERMANENT_LIMIT} for HTTP ${status}` : formatDuration(windowMs)})`
      )
    }
    const wait = pacer.nextWait()
    const now = o.clock.now()
    if (now >= o.deadline)
      return { kind: 'timeout', ...(last ? { deployment: last } : {}), tracker }
    try {
      await o.clock.sleep(Math.min(wait, o.deadline - now), o.signal)
    } catch {
      return { kind: 'aborted', ...(last ? { deployment: last } : {}), tracker }
    }
    if (o.signal?.aborted)
      return { kind: 'aborted', ...(last ? { deployment: last } : {}), tracker }
  }
}

type OnResponse = (r: FullOperationResponse) => void

async function getDeployment(
  api: DeploymentApi,
  target: ScopeTarget,
  name: string,
  onResponse: OnResponse
) {
  try {
    return await api.get(target, name, { onResponse })
  } catch (error) {
    throw toArmCallError(`Reading deployment '${name}'`, error)
  }
}
