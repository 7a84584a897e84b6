// A deadline for one token acquisition. @azure/identity does not pass the abort signal on to MSAL,
// so a token endpoint that accepts the connection and never answers would hold a refresh, and every
// ARM call waiting on it, forever. Two layers: the HTTP request itself is given a timeout where we
// build the client (so the socket is closed and cannot keep the process alive), and the wait is raced
// with a timer (so nothing the credential does, az included, can outlast it).

import type { PipelinePolicy } from '@azure/core-rest-pipeline'
import type { Clock } from '../runtime/ports.js'
import { formatDuration } from '../duration.js'

const MIN_DEADLINE_MS = 2_000
const MAX_DEADLINE_MS = 30_000

/** Thrown when a token request has not answered within its deadline; retried like a network error. */
export class AcquisitionTimeoutError extends Error {
  constructor(ms: number) {
    super(`the token endpoint did not answer within ${formatDuration(ms, { precise: true })}`)
    this.name = 'AcquisitionTimeoutError'
  }
}

/**
 * lifetime / 120 (30 s for a 60-minute token), between 2 s and 30 s; 30 s before the first token.
 * Relative to the lifetime so compressed-time tests (60-second tokens) behave like real ones.
 */
export function acquisitionDeadlineMs(lifetimeMs?: number): number {
  if (lifetimeMs === undefined) return MAX_DEADLINE_MS
  return Math.min(MAX_DEADLINE_MS, Math.max(MIN_DEADLINE_MS, lifetimeMs / 120))
}

/** The work's result, or AcquisitionTimeoutError after `ms`; the work is abandoned, not awaited. */
export async function withDeadline<T>(work: Promise<T>, ms: number, clock: Clock): Promise<T> {
  const timer = new AbortController()
  const expired = clock.sleep(ms, timer.signal).then(
    () => {
      throw new AcquisitionTimeoutError(ms)
    },
    () => new Promise<never>(() => {}) // the work settled first and cancelled the timer
  )
  work.catch(() => {}) // an abandoned acquisition's late failure is nobody's business
  try {
    return await Promise.race([work, expired])
  } finally {
    timer.abort()
  }
}

/** Per-call pipeline policy for a credential's token requests: closes the socket after `ms`. */
export function tokenRequestTimeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: 'durableTokenRequestTimeout',
    sendRequest(request, next) {
      if (!(request.timeout > 0)) request.timeout = ms
      return next(request)
    }
  }
}
