// Waits for a deployment this run did not start (another run's, under the same name) to end, so
// this run can then start its own. Reads only; a failed read is retried until the deadline.

import type { Clock, Logger } from '../runtime/ports.js'
import { statusOf } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import type { ScopeTarget } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import { isTerminal } from './operation-tracker.js'

export interface EndWaitOptions {
  pollIntervalMs: number
  /** Epoch ms: give up then. */
  deadline: number
  api: DeploymentApi
  clock: Clock
  logger: Logger
  signal?: AbortSignal
  /** How often a line says it still waits, ms (besides one per state change). */
  heartbeatMs?: number
}

export type EndWait =
  /** It ended (`state`), or is gone (`state` undefined): the name is free for a PUT. */
  | { kind: 'ended'; state?: string; waitedMs: number }
  | { kind: 'timeout'; state?: string; waitedMs: number }
  | { kind: 'aborted'; waitedMs: number }

export async function waitForDeploymentEnd(
  target: ScopeTarget,
  name: string,
  o: EndWaitOptions
): Promise<EndWait> {
  const start = o.clock.now()
  const heartbeatMs = o.heartbeatMs ?? Math.min(5 * 60_000, 10 * o.pollIntervalMs)
  let state: string | undefined
  let saidAt = start
  for (;;) {
    const now = o.clock.now()
    if (now >= o.deadline)
      return { kind: 'timeout', ...(state ? { state } : {}), waitedMs: now - start }
    try {
      await o.clock.sleep(Math.min(o.pollIntervalMs, o.deadline - now), o.signal)
    } catch {
      return { kind: 'aborted', waitedMs: o.clock.now() - start }
    }
    if (o.signal?.aborted) return { kind: 'aborted', waitedMs: o.clock.now() - start }
    let next: string | undefined
    try {
      const deployment = await o.api.get(target, name, o.signal ? { abortSignal: o.signal } : {})
      next = deployment.properties?.provisioningState ?? 'Unknown'
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'ended', waitedMs: o.clock.now() - start }
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
      o.logger.warning(
        `Reading deployment '${name}' failed: ${message}. Still waiting for it to end.`
      )
      continue
    }
    const at = o.clock.now()
    const waited = formatDuration(at - start)
    if (isTerminal(next)) {
      o.logger.info(
        `Deployment '${name}' of the other request ended ${next} after ${waited} of waiting.`
      )
      return { kind: 'ended', state: next, waitedMs: at - start }
    }
    if (next !== state || at - saidAt >= heartbeatMs) {
      o.logger.info(
        `Still waiting for deployment '${name}' of the other request to end: ${next}, waited ${waited}, up to ${formatDuration(o.deadline - at)} more.`
      )
      saidAt = at
    }
    state = next
  }
}
