/**
 * Holds the current ARM access token and re-acquires it before anyone is refused.
 *
 * Usage:
 *   const refresher = new TokenRefresher({
 *     createCredential,                         // from createCredentialFactory
 *     scope: settings.cloud.armScope,
 *     authType: settings.auth.type,
 *     refreshIntervalMs: settings.timing.tokenRefreshIntervalMs,
 *     logger
 *   })
 *   await refresher.start()                     // first token; throws a clear fatal error
 *   useRefresherAuth(client.pipeline, refresher, logger) // azure/arm-auth-policy.ts
 *   ... deploy and poll; finally refresher.stop() clears the background wait
 *   outputs['token-refreshes'] = String(refresher.refreshCount)
 *
 * A token is re-acquired when the refresh interval fires ('timer'), when it nears expiry ('expiry',
 * margin = 10 % of its lifetime, between 1 s and 10 min, so 60-second tokens in compressed-time tests
 * behave like real 60-minute ones), and on demand via forceRefresh() after an ARM 401. Every
 * acquisition uses a fresh credential from the factory, so MSAL's cache cannot hand back the old
 * token. While the current token is still valid a failed acquisition only logs a warning and is
 * retried with backoff; callers see an error only once the token has expired and acquisition keeps
 * failing. The refresher also implements TokenCredential (the scope argument must be the ARM scope),
 * so it can be handed to an SDK client constructor. Tokens are never logged.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity'
import type { Clock, Logger } from '../runtime/ports.js'
import type { AuthType } from '../settings/settings.js'
import { formatDuration } from '../duration.js'
import { describeError } from './log-text.js'
import { backoff, baseRetryDelay, nextRefresh } from './refresh-schedule.js'
import { idleSleep, systemClock } from '../runtime/system-clock.js'
import {
  acquisitionError,
  ASSERTION_TIME_RANGE,
  entraErrorCode,
  TokenAcquisitionError
} from './token-errors.js'

/** 'timer', 'expiry', or a forced refresh's reason such as `401 ExpiredAuthenticationToken …`. */
export type RefreshReason = string

export interface TokenRefresherOptions {
  /** Builds a fresh credential per acquisition (see credential-factory.ts). */
  createCredential: () => TokenCredential
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

const MAX_EXPIRY_SKEW_MS = 30_000

export class TokenRefresher implements TokenCredential {
  private current?: AccessToken
  private acquiredAt = 0
  /** The token an ARM 401 refused: no longer valid whatever its exp says. */
  private refused?: string
  private inFlight?: Promise<AccessToken>
  private refreshes = 0
  private next?: { at: number; reason: RefreshReason }
  private stopped = false
  private readonly stopController = new AbortController()
  private wake = new AbortController()
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly options: TokenRefresherOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  /** Refreshes after the first acquisition (timer, expiry and forced). */
  get refreshCount(): number {
    return this.refreshes
  }

  /** Expiry of the current token (epoch ms), or undefined before start(). */
  get expiresOnTimestamp(): number | undefined {
    return this.current?.expiresOnTimestamp
  }

  /** Acquires the first token and starts the background schedule. Throws TokenAcquisitionError. */
  async start(): Promise<void> {
    const attempts = this.options.startAttempts ?? 3
    for (let attempt = 1; ; attempt++) {
      try {
        const token = await this.acquire()
        this.accept(token, 'start')
        break
      } catch (error) {
        const code = entraErrorCode(error)
        if (code === ASSERTION_TIME_RANGE) this.options.invalidateAssertion?.()
        const retryable = code === undefined || code === ASSERTION_TIME_RANGE
        if (!retryable || attempt >= attempts || this.stopped) throw this.fatal(error, code)
        const delay = backoff(attempt, 2_000, this.random())
        this.options.logger.warning(
          `getting the first Azure access token failed (attempt ${attempt}/${attempts}: ${describeError(error)}), retrying in ${formatDuration(delay, { precise: true })}`
        )
        await this.clock.sleep(delay, this.stopController.signal)
      }
    }
    void this.runSchedule()
  }

  /**
   * The current token; if it has expired (or ARM refused it), waits for the refresh in flight,
   * starting one if needed. Rejects only when the token has expired and re-acquisition kept failing.
   */
  async getToken(scopes?: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.checkScope(scopes)
    const current = this.current
    if (current && this.isValid(current)) return current
    if (!current) throw new TokenAcquisitionError('TokenRefresher.getToken() called before start()')
    return this.refresh('expiry')
  }

  /**
   * Re-acquires now (after an ARM 401), marking the current token as refused. Joins a refresh already
   * in flight instead of starting a second one.
   */
  forceRefresh(reason: string): Promise<AccessToken> {
    if (this.current) this.refused = this.current.token
    return this.refresh(reason)
  }

  /** Stops the schedule and aborts waits; the current token stays readable. */
  stop(): void {
    this.stopped = true
    this.stopController.abort(new Error('token refresher stopped'))
    this.wake.abort()
  }

  private refresh(reason: RefreshReason): Promise<AccessToken> {
    if (this.stopped) return Promise.reject(new TokenAcquisitionError('token refresher stopped'))
    this.inFlight ??= this.refreshWithRetry(reason).finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  private async refreshWithRetry(reason: RefreshReason): Promise<AccessToken> {
    const maxAfterExpiry = this.options.attemptsAfterExpiry ?? 4
    let failuresAfterExpiry = 0
    for (let attempt = 1; ; attempt++) {
      try {
        const token = await this.acquire()
        this.accept(token, reason)
        return token
      } catch (error) {
        if (this.stopped) throw error
        if (entraErrorCode(error) === ASSERTION_TIME_RANGE) this.options.invalidateAssertion?.()
        const current = this.current
        const valid = current !== undefined && this.isValid(current)
        if (!valid && ++failuresAfterExpiry >= maxAfterExpiry) {
          throw this.fatal(
            error,
            entraErrorCode(error),
            'the current token has expired or was refused by ARM, and '
          )
        }
        let delay = backoff(attempt, this.baseRetryDelay(), this.random())
        if (valid && current) {
          // Wake at expiry at the latest, so the attempts after it count and callers are not kept waiting.
          delay = Math.max(1, Math.min(delay, current.expiresOnTimestamp - this.clock.now()))
          this.options.logger.warning(
            `token refresh failed (${describeError(error)}), retrying in ${formatDuration(delay, { precise: true })}; ` +
              `current token valid until ${iso(current.expiresOnTimestamp)}`
          )
          await idleSleep(this.clock, delay, this.stopController.signal)
        } else {
          this.options.logger.warning(
            `token refresh failed (${describeError(error)}) and the current token has expired; ` +
              `attempt ${failuresAfterExpiry}/${maxAfterExpiry}, retrying in ${formatDuration(delay, { precise: true })}`
          )
          await this.clock.sleep(delay, this.stopController.signal)
        }
      }
    }
  }

  /** One acquisition with a fresh credential (and so a fresh MSAL cache). */
  private async acquire(): Promise<AccessToken> {
    const requestedAt = this.clock.now()
    const token = await this.options
      .createCredential()
      .getToken(this.options.scope, { abortSignal: this.stopController.signal })
    if (!token) throw new Error('the credential returned no token')
    if (this.current && token.token === this.current.token) {
      this.options.logger.warning(
        `the credential returned the same access token again (valid until ${iso(token.expiresOnTimestamp)}); ` +
          'its own cache answered (az CLI and managed identity keep one)'
      )
    }
    this.acquiredAt = requestedAt
    return token
  }

  private accept(token: AccessToken, reason: RefreshReason): void {
    const first = this.current === undefined
    this.current = token
    this.refused = undefined
    if (!first) this.refreshes++
    this.next = nextRefresh(
      this.acquiredAt,
      token.expiresOnTimestamp,
      this.options.refreshIntervalMs
    )
    const now = this.clock.now()
    const what = first ? 'Azure access token acquired' : `Azure access token refreshed (${reason})`
    this.options.logger.info(
      `${what} at ${iso(now)}: valid until ${iso(token.expiresOnTimestamp)} ` +
        `(${formatDuration(token.expiresOnTimestamp - now, { precise: true })}), next refresh at ${iso(this.next.at)} (${this.next.reason})` +
        (first ? '' : `, refresh #${this.refreshes}`)
    )
    this.wake.abort()
  }

  /** Waits for the next scheduled refresh, forever, until stop(). Errors are logged by refresh(). */
  private async runSchedule(): Promise<void> {
    while (!this.stopped) {
      this.wake = new AbortController()
      const next = this.next
      if (!next) return
      const wait = next.at - this.clock.now()
      if (wait > 0) {
        try {
          await idleSleep(
            this.clock,
            wait,
            AbortSignal.any([this.wake.signal, this.stopController.signal])
          )
        } catch {
          continue // rescheduled by a refresh elsewhere, or stopped
        }
      }
      if (this.stopped) return
      try {
        await this.refresh(next.reason)
      } catch (error) {
        if (this.stopped) return
        // Expired and still failing: getToken() callers got the error; try again after a pause.
        this.options.logger.warning(`token refresh gave up for now: ${describeError(error)}`)
        this.next = { at: this.clock.now() + this.baseRetryDelay(), reason: 'expiry' }
      }
    }
  }

  /**
   * Valid until shortly before its exp (1 % of its lifetime, at most 30 s): a token handed out at
   * its last second would expire in flight or on a runner whose clock runs behind ARM's.
   */
  private isValid(token: AccessToken): boolean {
    const lifetime = Math.max(0, token.expiresOnTimestamp - this.acquiredAt)
    const skew = Math.min(MAX_EXPIRY_SKEW_MS, lifetime * 0.01)
    return token.token !== this.refused && this.clock.now() < token.expiresOnTimestamp - skew
  }

  private baseRetryDelay(): number {
    if (this.options.retryDelayMs !== undefined) return this.options.retryDelayMs
    return baseRetryDelay(
      this.current ? this.current.expiresOnTimestamp - this.acquiredAt : 3_600_000
    )
  }

  private fatal(error: unknown, code: string | undefined, context = ''): TokenAcquisitionError {
    return acquisitionError(error, code, this.options, context)
  }

  private checkScope(scopes?: string | string[]): void {
    if (scopes === undefined) return
    const list = Array.isArray(scopes) ? scopes : [scopes]
    if (list.length > 0 && !list.includes(this.options.scope)) {
      throw new TokenAcquisitionError(
        `TokenRefresher holds tokens for ${this.options.scope}, not ${list.join(', ')}`
      )
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
