// Follows a stack to its end: reads the stack for its own phases (initializing, validating,
// deleting resources, updating deny assignments…) and, once it names its deployment
// (`properties.deploymentId`), hands the wait to the deployment poller, so that deployment's
// operations and nested deployments are tracked and reported exactly as for a plain deployment.
// A failed read is not a failed stack: it keeps polling through a window of failures.

import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { Clock, Logger } from '../runtime/ports.js'
import { statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { parseDeploymentId } from '../azure/scope.js'
import { pollDeployment, type PollSnapshot } from '../deployment/deployment-poller.js'
import type { DeploymentRef, TrackedOperations } from '../deployment/model.js'
import { OperationTracker } from '../deployment/operation-tracker.js'
import { formatDuration } from '../duration.js'
import type { StackApi, StackRef } from './stack-api.js'

export const STACK_TERMINAL_STATES: ReadonlySet<string> = new Set([
  'succeeded',
  'failed',
  'canceled'
])

export const isStackTerminal = (state: string | undefined): boolean =>
  state !== undefined && STACK_TERMINAL_STATES.has(state.toLowerCase())

export interface StackOutcome {
  /** `deleted`: operation delete, and the stack is gone (404). */
  kind: 'finished' | 'deleted' | 'timeout' | 'aborted' | 'lost'
  /** The last stack read. */
  stack?: DeploymentStack
  /** The stack's deployment, when it had one: its last read and its operations. */
  deployment?: DeploymentExtended
  deploymentRef?: DeploymentRef
  tracker: TrackedOperations
  /** `lost`: why polling gave up. */
  error?: Error
}

export interface StackPollOptions {
  api: StackApi
  /** Reads the stack's deployment and its operations. */
  deployments: DeploymentApi
  pollIntervalMs: number
  /** Deadline, epoch ms. */
  deadline: number
  clock: Clock
  logger: Logger
  /** Operation delete: the stack's 404 is the end. */
  deleting: boolean
  /** After each stack read (phase lines). */
  onStack(stack: DeploymentStack): void
  /** The stack named its deployment (the post step's cancel-on-abort backstop records it). */
  onDeployment(ref: DeploymentRef): void
  /** After each poll of the deployment (the progress reporter). */
  onDeploymentPoll(snapshot: PollSnapshot): Promise<void> | void
  signal?: AbortSignal
  /** Give up after consecutive failures spanning this long. Default max(15 min, 10 polls). */
  failureWindowMs?: number
}

const PERMANENT = new Set([400, 401, 403, 404])
const PERMANENT_LIMIT = 3

export async function pollStack(ref: StackRef, o: StackPollOptions): Promise<StackOutcome> {
  const windowMs = o.failureWindowMs ?? Math.max(15 * 60_000, 10 * o.pollIntervalMs)
  let tracker: TrackedOperations = new OperationTracker()
  let stack: DeploymentStack | undefined
  let deployment: DeploymentExtended | undefined
  let deploymentRef: DeploymentRef | undefined
  let failures = 0
  let firstFailureAt = 0
  const outcome = (kind: StackOutcome['kind'], error?: Error): StackOutcome => ({
    kind,
    ...(stack ? { stack } : {}),
    ...(deployment ? { deployment } : {}),
    ...(deploymentRef ? { deploymentRef } : {}),
    tracker,
    ...(error ? { error } : {})
  })
  for (let pollNumber = 1; ; pollNumber++) {
    try {
      stack = await o.api.get(ref.target, ref.name)
      if (failures > 0) o.logger.info(`Polling recovered after ${failures} failed attempt(s)`)
      failures = 0
      o.onStack(stack)
      const terminal = isStackTerminal(stack.properties?.provisioningState)
      const id = stack.properties?.deploymentId
      const parsed = !o.deleting && !deploymentRef && id ? parseDeploymentId(id) : undefined
      if (id && parsed) {
        deploymentRef = { ...parsed, id }
        o.onDeployment(deploymentRef)
        // The deployment poller waits for the deployment (one read, if it has ended already, as
        // for a stack that ended between two polls); then the stack's last phases follow here.
        const followed = await pollDeployment(deploymentRef, {
          pollIntervalMs: o.pollIntervalMs,
          deadline: o.deadline,
          api: o.deployments,
          clock: o.clock,
          logger: o.logger,
          onPoll: (snapshot) => o.onDeploymentPoll(snapshot),
          ...(o.signal ? { signal: o.signal } : {}),
          failureWindowMs: windowMs
        })
        tracker = followed.tracker
        if (followed.deployment) deployment = followed.deployment
        // A stack that has ended has its verdict, whatever became of the read of its deployment.
        // (pollDeployment itself never reports `replaced`: that is the deployment flow's watch.)
        if (followed.kind !== 'finished' && followed.kind !== 'replaced' && !terminal)
          return outcome(followed.kind, followed.kind === 'lost' ? followed.error : undefined)
        if (!terminal) continue
      }
      if (terminal) return outcome('finished')
    } catch (error) {
      const status = statusOf(error)
      if (o.deleting && status === 404) return outcome('deleted')
      failures++
      const now = o.clock.now()
      if (failures === 1) firstFailureAt = now
      const permanent = status !== undefined && PERMANENT.has(status)
      const failing = now - firstFailureAt
      if ((permanent && failures >= PERMANENT_LIMIT) || (failures > 1 && failing >= windowMs)) {
        const cause = toArmCallError(`Polling deployment stack '${ref.name}'`, error)
        return outcome(
          'lost',
          new Error(
            `Gave up polling deployment stack '${ref.name}' after ${failures} consecutive failures over ${formatDuration(failing)}: ${cause.message}`,
            { cause }
          )
        )
      }
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
      o.logger.warning(
        `Poll ${pollNumber} of stack ${ref.name} failed: ${message}. The stack goes on in Azure; retrying (${failures} consecutive failure(s))`
      )
    }
    const now = o.clock.now()
    if (now >= o.deadline) return outcome('timeout')
    try {
      await o.clock.sleep(Math.min(o.pollIntervalMs, o.deadline - now), o.signal)
    } catch {
      return outcome('aborted')
    }
    if (o.signal?.aborted) return outcome('aborted')
  }
}
