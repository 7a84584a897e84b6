// Notices when the deployment being followed was replaced under the same name: ARM keeps one
// deployment per name, so once ours ended another run's PUT may take the name (a new correlation
// id), and polling by name would report the newcomer's result as ours. Kept apart from the
// poller: it wraps the poll callback.

import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { PollOutcome, Replacement, TrackedOperation } from './model.js'
import { OperationTracker } from './operation-tracker.js'

export class ReplacementCheck {
  /** @param expected the followed deployment's correlation id (the first poll's, if unknown). */
  constructor(private expected: string | undefined) {}

  /** The replacement this poll shows, or undefined (same deployment, or no correlation id to tell). */
  check(deployment: DeploymentExtended): Replacement | undefined {
    const seen = deployment.properties?.correlationId
    if (!seen) return undefined
    if (this.expected === undefined) {
      this.expected = seen
      return undefined
    }
    return seen.toLowerCase() === this.expected.toLowerCase()
      ? undefined
      : { from: this.expected, to: seen }
  }
}

/** What a poll passes the callback (the poller's snapshot, as far as this needs it). */
interface Snapshot {
  deployment: DeploymentExtended
  tracker: { all(): TrackedOperation[] }
}

/**
 * Polling with replacement detection: `onPoll` wraps the progress callback (a replaced poll stops
 * the polling through `signal` and is not reported), `outcome` turns the poller's outcome into
 * `replaced` when that happened, with the operations of ours as last seen.
 */
export function replacementWatch(expected: string | undefined, signal?: AbortSignal) {
  const check = new ReplacementCheck(expected)
  const stop = new AbortController()
  let replacement: Replacement | undefined
  let ours: TrackedOperation[] = []
  return {
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
    onPoll<S extends Snapshot, R>(report: (s: S) => R): (s: S) => R | undefined {
      return (snapshot) => {
        replacement ??= check.check(snapshot.deployment)
        if (replacement) {
          stop.abort()
          return undefined
        }
        ours = snapshot.tracker.all()
        return report(snapshot)
      }
    },
    outcome: (outcome: PollOutcome): PollOutcome => {
      if (!replacement) return outcome
      // The poller's tracker already holds the newcomer's operations.
      const tracker = new OperationTracker()
      tracker.update(ours)
      return { kind: 'replaced', replacement, tracker }
    }
  }
}
