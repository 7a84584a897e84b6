// Follows a started (or attached) deployment to its end: polls it with live progress, watches for
// another run taking the name, and gives up the wait within the grace once the run is canceled.

import type { DeploymentApi } from '../azure/deployment-api.js'
import { pollDeployment, type PollSnapshot } from '../deployment/deployment-poller.js'
import type { PollOutcome, StartedDeployment } from '../deployment/model.js'
import { OperationTracker } from '../deployment/operation-tracker.js'
import { pollIntervalAdvice } from '../deployment/poll-pacing.js'
import { replacementWatch } from '../deployment/replacement-check.js'
import { formatDuration } from '../duration.js'
import { ProgressReporter } from '../report/progress-reporter.js'
import type { Clock, Logger } from '../runtime/ports.js'
import type { Settings } from '../settings/settings.js'
import { withinGrace } from './cancellation.js'

/** The deployment as this step took it up. */
export interface FollowedDeployment {
  started: StartedDeployment
  /** Epoch ms it started (now for one we started). */
  startedAt: number
  /** Epoch ms the wait ends, when this step waited for another request's deployment first. */
  deadline?: number
}

export interface WaitDeps {
  logger: Logger
  clock: Clock
  /** Aborts the wait (runner cancellation). */
  signal?: AbortSignal
}

export function waitFor(
  settings: Pick<Settings, 'timing' | 'cloud'>,
  followed: FollowedDeployment,
  api: DeploymentApi,
  deps: WaitDeps,
  expectedResources: number | undefined
): Promise<PollOutcome> {
  const { pollIntervalMs, timeoutMs } = settings.timing
  const startedAt = followed.startedAt
  const reporter = new ProgressReporter({
    logger: deps.logger,
    startedAt,
    now: () => deps.clock.now(),
    heartbeatMs: Math.min(5 * 60_000, 10 * pollIntervalMs),
    deploymentName: followed.started.ref.name,
    ...(expectedResources !== undefined ? { expectedResources } : {})
  })
  // timeout counts from when this step took the deployment up, attached or started (after waiting
  // for another request's deployment: what is left of it).
  const deadline = followed.deadline ?? deps.clock.now() + timeoutMs
  deps.logger.info(
    `Polling every ${formatDuration(pollIntervalMs)} for up to ${formatDuration(followed.deadline === undefined ? timeoutMs : deadline - deps.clock.now())}`
  )
  const advice = pollIntervalAdvice(pollIntervalMs, settings.cloud.name)
  if (advice) deps.logger.warning(advice)
  let last: PollSnapshot | undefined
  // Another run may take the name once ours ended: its result is not ours to report.
  const watch = replacementWatch(followed.started.correlationId, deps.signal)
  const polling = pollDeployment(followed.started.ref, {
    pollIntervalMs,
    deadline,
    api,
    clock: deps.clock,
    logger: deps.logger,
    onPoll: watch.onPoll((snapshot: PollSnapshot) => {
      last = snapshot
      return reporter.report(snapshot)
    }),
    signal: watch.signal
  }).then(watch.outcome)
  // A poll in flight when the run is canceled may not hold up the step past the runner's deadline.
  return withinGrace(polling, deps.signal, () => ({
    kind: 'aborted',
    ...(last ? { deployment: last.deployment } : {}),
    tracker: last?.tracker ?? new OperationTracker()
  }))
}
