// How long to wait before the next poll: the poll interval, stretched while the subscription's ARM
// read budget runs low and never shorter than ARM's Retry-After, so a matrix of jobs polling one
// subscription slows down before ARM answers 429 instead of after.

import type { Logger } from '../runtime/ports.js'
import { remainingReads, retryAfterMs, type HeaderSource } from '../azure/read-throttle.js'
import { formatDuration } from '../duration.js'
import { Inputs } from '../runtime/names.js'

/** Half of ARM's 250-read bucket: above this, polls keep the configured interval. */
export const COMFORTABLE_READS = 125
/** The interval is stretched at most this many times (30 s becomes 5 min). */
export const MAX_STRETCH = 10
/** Shorter intervals than this spend the shared budget without showing progress sooner. */
export const MIN_ADVISED_INTERVAL_MS = 10_000

/**
 * The interval to wait when ARM says `remaining` reads are left. One process cannot see how many
 * others share the bucket, only how full it is; so below COMFORTABLE_READS the interval grows in
 * inverse proportion to what is left (125/r: 2x at 62 left, 5x at 25). Every process of a fleet
 * draining the bucket then slows down together, and the fleet's read rate settles where it meets
 * the refill rate with reads still in the bucket, instead of at zero with 429s.
 */
export function pacedInterval(intervalMs: number, remaining: number | undefined): number {
  if (remaining === undefined || remaining >= COMFORTABLE_READS) return intervalMs
  const stretch = Math.min(MAX_STRETCH, COMFORTABLE_READS / Math.max(remaining, 1))
  return Math.round(intervalMs * stretch)
}

/** A warning for a poll interval under 10 s against a real Azure cloud (not custom endpoints). */
export function pollIntervalAdvice(intervalMs: number, cloudName: string): string | undefined {
  if (intervalMs >= MIN_ADVISED_INTERVAL_MS || cloudName === 'custom') return undefined
  return (
    `Input '${Inputs.PollInterval}' is ${formatDuration(intervalMs, { precise: true })}: polling more often than every ` +
    `${formatDuration(MIN_ADVISED_INTERVAL_MS)} spends the subscription's ARM read budget (250 reads, refilled 25 a ` +
    `second, shared by every job using this subscription and identity) without showing progress sooner, and can get ` +
    `those jobs throttled. The default is 30s.`
  )
}

/** Watches the responses of each poll and says how long to wait before the next one. */
export class PollPacer {
  private lowest: number | undefined
  private lastKnown: number | undefined
  private retryAfter = 0
  private paced = false

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number
  ) {}

  /** Called before each poll's first request. */
  beginPoll(): void {
    this.lowest = undefined
    this.retryAfter = 0
  }

  /** Takes one response's headers (every read of the poll, failed ones too). */
  observe(headers: HeaderSource): void {
    const remaining = remainingReads(headers)
    if (remaining !== undefined) this.lowest = Math.min(this.lowest ?? remaining, remaining)
    this.retryAfter = Math.max(this.retryAfter, retryAfterMs(headers, this.now()))
  }

  /** The wait before the next poll; says so in the log when it is not the poll interval. */
  nextWait(): number {
    const remaining = this.lowest ?? this.lastKnown
    this.lastKnown = remaining
    const paced = pacedInterval(this.intervalMs, remaining)
    const wait = Math.max(paced, this.retryAfter)
    // Said whenever ARM asked for more than the interval, even when pacing already waits longer.
    if (this.retryAfter > this.intervalMs) {
      this.logger.info(
        `ARM is throttling (Retry-After ${formatDuration(this.retryAfter)}); next poll in ${formatDuration(wait)}`
      )
    }
    if (paced > this.intervalMs) {
      const message = `ARM has ${remaining} reads left for this subscription (x-ms-ratelimit-remaining-subscription-reads): next poll in ${formatDuration(paced)} instead of ${formatDuration(this.intervalMs)}, so jobs sharing the subscription are not throttled`
      if (this.paced) this.logger.debug(message)
      else this.logger.info(`Pacing polls: ${message}`)
      this.paced = true
    } else if (this.paced) {
      this.logger.info(
        `ARM's read budget recovered (${remaining ?? 'unknown'} reads left): polling every ${formatDuration(this.intervalMs)} again`
      )
      this.paced = false
    }
    return wait
  }
}
