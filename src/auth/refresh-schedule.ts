// When to re-acquire a token and how long to wait after a failure: pure functions of the token's
// lifetime, so compressed-time tests (60-second tokens) behave like real 60-minute ones.

const MIN_MARGIN_MS = 1_000
const MAX_MARGIN_MS = 10 * 60_000
const MAX_RETRY_DELAY_MS = 20_000
const MIN_RETRY_DELAY_MS = 10

export interface ScheduledRefresh {
  at: number
  reason: 'timer' | 'expiry'
}

/**
 * The earlier of `acquiredAt + intervalMs` ('timer') and `expiresOn - margin` ('expiry'), the
 * margin being 10 % of the token's lifetime, between 1 s and 10 min. With `renewWindowMs` (a source
 * that hands out a new token only that long before expiry, such as az CLI) only 'expiry', inside
 * the window: at 80 % of it before expiry (4 min for az's 5), when the margin is wider.
 */
export function nextRefresh(
  acquiredAt: number,
  expiresOn: number,
  intervalMs: number,
  renewWindowMs?: number
): ScheduledRefresh {
  const lifetime = Math.max(0, expiresOn - acquiredAt)
  const margin = Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, lifetime * 0.1))
  if (renewWindowMs !== undefined) {
    return { at: expiresOn - Math.min(margin, renewWindowMs * 0.8), reason: 'expiry' }
  }
  const byExpiry = expiresOn - margin
  const byTimer = acquiredAt + intervalMs
  return byTimer <= byExpiry ? { at: byTimer, reason: 'timer' } : { at: byExpiry, reason: 'expiry' }
}

/** First retry delay after a failed refresh: lifetime / 180 (20 s for a 60-minute token), at most 20 s. */
export function baseRetryDelay(lifetimeMs: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(MIN_RETRY_DELAY_MS, lifetimeMs / 180))
}

/**
 * The one backoff formula (token refreshes, ID-token mints): exponential from `base`, capped at
 * `cap` (6x base unless given), with +-20 % jitter (`random` in [0, 1)).
 */
export function backoff(attempt: number, base: number, random: number, cap = base * 6): number {
  const raw = Math.min(base * 2 ** (attempt - 1), cap)
  return Math.round(raw * (0.8 + 0.4 * random))
}
