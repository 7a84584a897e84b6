// Polls the deployment and its operations (nested deployments too) until it ends or time runs out.
// A failed poll is not a failed deployment: it keeps polling through a window of failures.

import type { PollOutcome } from './model.js'
import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments'
import type { FullOperationResponse } from '@azure-rest/core-client'
import type { Clock, Logger } from '../runtime/ports.js'
import { statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { parseDeploymentId, type ScopeTarget } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import type { DeploymentRef } from './model.js'
import { isTerminal, OperationTracker } from './operation-tracker.js'
import type { OperationChange, TrackedOperation } from './model.js'

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
  const nested = new NestedCache()
  const windowMs = o.failureWindowMs ?? Math.max(15 * 60_000, 10 * o.pollIntervalMs)
  let last: DeploymentExtended | undefined
  let failures = 0
  let firstFailureAt = 0
  for (let pollNumber = 1; ; pollNumber++) {
    let retryAfterMs = 0
    try {
      const onResponse = (r: FullOperationResponse): void => {
        retryAfterMs = Math.max(retryAfterMs, retryAfter(r))
      }
      const deployment = await getDeployment(o.api, ref.target, ref.name, onResponse)
      const now = o.clock.now()
      const context = { api: o.api, tracker, cache: nested, now, onResponse }
      const listed = await listTree(context, ref.target, ref.name, '')
      last = deployment
      if (failures > 0) o.logger.info(`Polling recovered after ${failures} failed attempt(s)`)
      failures = 0
      const changes = tracker.update(listed)
      await o.onPoll({ deployment, tracker, changes, pollNumber })
      if (isTerminal(deployment.properties?.provisioningState))
        return { kind: 'finished', deployment, tracker }
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
    const wait = Math.max(o.pollIntervalMs, retryAfterMs)
    if (retryAfterMs > o.pollIntervalMs)
      o.logger.info(
        `ARM is throttling (Retry-After ${formatDuration(retryAfterMs)}); next poll in ${formatDuration(wait)}`
      )
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

async function listOperations(
  api: DeploymentApi,
  target: ScopeTarget,
  name: string,
  onResponse: OnResponse
): Promise<DeploymentOperation[][]> {
  const pages: DeploymentOperation[][] = []
  try {
    // The iterator follows nextLink, so every page is read.
    for await (const page of api.listOperationPages(target, name, { onResponse })) pages.push(page)
  } catch (error) {
    throw toArmCallError(`Listing the operations of deployment '${name}'`, error)
  }
  return pages
}

/**
 * Operations of a nested deployment are re-listed only while it runs or when its state changed
 * since we last listed it: a finished module's operations do not change, and a big tree would
 * otherwise cost a request per module per poll for hours.
 */
class NestedCache {
  private readonly listed = new Map<string, { state: string; operations: TrackedOperation[] }>()

  get(id: string, state: string): TrackedOperation[] | undefined {
    const hit = this.listed.get(id.toLowerCase())
    return hit && hit.state === state && isTerminal(state) ? hit.operations : undefined
  }

  set(id: string, state: string, operations: TrackedOperation[]): void {
    this.listed.set(id.toLowerCase(), { state, operations })
  }
}

interface TreeContext {
  api: DeploymentApi
  tracker: OperationTracker
  cache: NestedCache
  now: number
  onResponse: OnResponse
}

/** Lists a deployment's operations and, below it, its nested deployments' (see NestedCache). */
async function listTree(
  c: TreeContext,
  target: ScopeTarget,
  name: string,
  label: string,
  depth = 0
): Promise<TrackedOperation[]> {
  const result: TrackedOperation[] = []
  const nested: TrackedOperation[] = []
  for (const page of await listOperations(c.api, target, name, c.onResponse)) {
    for (const listed of page) {
      const op = c.tracker.track(listed, label, c.now)
      result.push(op)
      if (op.isDeployment && op.resourceId) nested.push(op)
    }
  }
  for (const op of nested) {
    const parsed = depth < 10 && op.resourceId ? parseDeploymentId(op.resourceId) : undefined
    if (!op.resourceId || !parsed) continue
    const cached = c.cache.get(op.resourceId, op.state)
    if (cached) {
      for (const child of cached) result.push(child)
      continue
    }
    const childLabel = label ? `${label}/${parsed.name}` : parsed.name
    try {
      const children = await listTree(c, parsed.target, parsed.name, childLabel, depth + 1)
      c.cache.set(op.resourceId, op.state, children)
      for (const child of children) result.push(child)
    } catch (error) {
      // A nested deployment that is not there yet (just accepted) is not worth failing the poll for.
      if (statusOf(error) !== 404) throw error
    }
  }
  return result
}

/** Retry-After on any response of this poll (ms); the SDK already waits it out on 429/503. */
function retryAfter(response: FullOperationResponse): number {
  const header = response.headers.get('retry-after')
  if (!header) return 0
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now())
}
