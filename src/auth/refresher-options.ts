// What a TokenRefresher is built from (token-refresher.ts): the credential factory's parts, the
// schedule's inputs, and the retry limits.

import type { TokenCredential } from '@azure/identity'
import type { Clock, Logger } from '../runtime/ports.js'
import type { AuthType } from '../settings/settings.js'

/** 'timer', 'expiry', or a forced refresh's reason such as `401 ExpiredAuthenticationToken …`. */
export type RefreshReason = string

export interface TokenRefresherOptions {
  /** Builds a fresh credential per acquisition (see credential-factory.ts), with its request timeout. */
  createCredential: (options?: { requestTimeoutMs?: number }) => TokenCredential
  /** The source renews only this long before expiry (az CLI): refresh inside it, no timer. */
  renewWindowMs?: number
  /** Lower bound of an acquisition's deadline (az CLI starts a Python process). Default 0. */
  minDeadlineMs?: number
  /** Called on AADSTS700024 before the next attempt, so it carries a newly minted assertion. */
  invalidateAssertion?: () => void
  /** `cloud.armScope`. */
  scope: string
  /** Named in error messages. */
  authType: AuthType
  /** Re-acquire at least this often (`token-refresh-interval`), ms. */
  refreshIntervalMs: number
  logger: Logger
  clock?: Clock
  /** Uniform [0, 1) source for jitter (tests pass a constant). */
  random?: () => number
  /** First retry delay after a failed refresh. Default: lifetime / 180, at most 20 s (20 s for 60 min). */
  retryDelayMs?: number
  /** Attempts after the current token has expired before callers get an error. Default 4. */
  attemptsAfterExpiry?: number
  /** Attempts for the very first token (errors without an AADSTS code, and AADSTS700024). Default 3. */
  startAttempts?: number
}
