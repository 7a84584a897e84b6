/**
 * Holds the current ARM access token and re-acquires it before anyone is refused. Usage:
 *   const refresher = new TokenRefresher({ createCredential, scope: settings.cloud.armScope,
 *     authType: settings.auth.type, refreshIntervalMs: settings.timing.tokenRefreshIntervalMs, logger })
 *   await refresher.start()                     // first token; throws a clear fatal error
 *   useRefresherAuth(client.pipeline, refresher, { logger }) // azure/arm-auth-policy.ts
 *   ... deploy and poll; finally refresher.stop(); outputs['token-refreshes'] = refresher.refreshCount
 *
 * Re-acquired when the interval fires ('timer'), near expiry ('expiry', 10 % of the lifetime, 1 s to
 * 10 min, so compressed-time tests behave like real ones) and via forceRefresh() after an ARM 401
 * (with a CAE challenge's claims, asked for from then on). Each acquisition uses a fresh credential
 * (so MSAL's cache cannot answer) within a deadline (acquisition-deadline.ts). A source that answers
 * with the token we hold (az CLI's cache, an endpoint's) has refreshed nothing: not counted, not
 * accepted, never clears ARM's refusal, said once (refresh-failures.ts). While the token is valid a
 * failure is a warning and a retry with backoff; a permanent Entra error is warned once with its fix
 * and retried slowly. Callers see an error only once the token has expired and acquisition keeps
 * failing. Also a TokenCredential for the ARM scope, for SDK constructors. Never logs a token.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity'
import type { Clock } from '../runtime/ports.js'
import { formatDuration } from '../duration.js'
import { describeError } from './log-text.js'
import { backoff, baseRetryDelay, nextRefresh } from './refresh-schedule.js'
import { acquisitionDeadlineMs, withDeadline } from './acquisition-deadline.js'
import {
  checkScope,
  isCredentialUnavailable,
  RefreshFailureLog,
  SameTokenError
} from './refresh-failures.js'
import type { RefreshReason, TokenRefresherOptions } from './refresher-options.js'
import { idleSleep, systemClock } from '../runtime/system-clock.js'
import {
  acquisitionError,
  ASSERTION_TIME_RANGE,
  entraErrorCode,
  permanentEntraFix,
  TokenAcquisitionError
} from './token-errors.js'

export type { RefreshReason, TokenRefresherOptions } from './refresher-options.js'

const MAX_EXPIRY_SKEW_MS = 30_000

export class TokenRefresher implements TokenCredential {
  private current?: AccessToken
  private acquiredAt = 0
  /** The token an ARM 401 refused: no longer valid whatever its exp says. */
  private refused?: string
  private inFlight?: Promise<AccessToken>
  private refreshes = 0
  /** The claims of ARM's last CAE challenge: every later token asks for them too. */
  private claims?: string
  private next?: { at: number; reason: RefreshReason }
  private stopped = false
  private readonly stopController = new AbortController()
  private wake = new AbortController()
  private readonly clock: Clock
  private readonly random: () => number

  private readonly failures: RefreshFailureLog

  constructor(private readonly options: TokenRefresherOptions) {
    this.failures = new RefreshFailureLog(options.logger, options.authType)
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
    if (this.options.renewWindowMs !== undefined) {
      this.options.logger.info(
        `auth-type ${this.options.authType} hands out a new token only in the last ` +
          `${formatDuration(this.options.renewWindowMs)} of the old one's life: the token is re-read then, ` +
          'token-refresh-interval does not apply'
      )
    }
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
    checkScope(this.options.scope, scopes)
    const current = this.current
    if (current && this.isValid(current)) return current
    if (!current) throw new TokenAcquisitionError('TokenRefresher.getToken() called before start()')
    return this.refresh('expiry')
  }

  /**
   * Re-acquires now (after an ARM 401), marking the current token as refused. Joins a refresh already
   * in flight instead of starting a second one. `claims` (a CAE challenge's, decoded) are asked for
   * from now on.
   */
  forceRefresh(reason: string, claims?: string): Promise<AccessToken> {
    if (this.current) this.refused = this.current.token
    if (claims) this.claims = claims
    return this.refresh(reason)
  }

  /** The claims every acquisition asks for (the last CAE challenge's), if any. */
  get requestedClaims(): string | undefined {
    return this.claims
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
        // A claims challenge the credential cannot answer (az CLI): no retry changes that.
        if (this.claims && isCredentialUnavailable(error)) throw this.fatal(error, undefined)
        const current = this.current
        const valid = current !== undefined && this.isValid(current)
        if (!valid && ++failuresAfterExpiry >= maxAfterExpiry) {
          throw this.fatal(
            error,
            entraErrorCode(error),
            'the current token has expired or was refused by ARM, and '
          )
        }
        const fix = permanentEntraFix(error)
        const base = backoff(attempt, this.baseRetryDelay(), this.random())
        // Permanent errors are retried slowly (at the backoff's cap): a fix may land meanwhile.
        let delay = fix ? Math.max(base, this.baseRetryDelay() * 6) : base
        if (valid && current) {
          // Wake at expiry at the latest, so the attempts after it count and callers are not kept waiting.
          delay = Math.max(1, Math.min(delay, current.expiresOnTimestamp - this.clock.now()))
        }
        this.failures.report({
          error,
          fix,
          valid: valid ? current : undefined,
          delay,
          failuresAfterExpiry,
          maxAfterExpiry
        })
        if (valid) await idleSleep(this.clock, delay, this.stopController.signal)
        else await this.clock.sleep(delay, this.stopController.signal)
      }
    }
  }

  /**
   * One acquisition with a fresh credential (and so a fresh MSAL cache), within its deadline.
   * Throws SameTokenError when the source answers with the token we hold or ARM refused.
   */
  private async acquire(): Promise<AccessToken> {
    const requestedAt = this.clock.now()
    const lifetime = this.current ? this.current.expiresOnTimestamp - this.acquiredAt : undefined
    const deadline = Math.max(acquisitionDeadlineMs(lifetime), this.options.minDeadlineMs ?? 0)
    const credential = this.options.createCredential({ requestTimeoutMs: deadline })
    const token = await withDeadline(
      credential.getToken(this.options.scope, {
        abortSignal: this.stopController.signal,
        ...(this.claims ? { claims: this.claims } : {})
      }),
      deadline,
      this.clock
    )
    if (!token) throw new Error('the credential returned no token')
    if (token.token === this.refused) throw new SameTokenError(true)
    if (this.current && token.token === this.current.token) throw new SameTokenError(false)
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
      this.options.refreshIntervalMs,
      this.options.renewWindowMs
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
        // Expired and still failing: getToken() callers got the error; try again after a pause. A
        // permanent Entra error was already warned about with its fix: no new annotation for it.
        const code = entraErrorCode(error)
        const line = `token refresh gave up for now: ${describeError(error)}`
        if (this.failures.warnedAbout(code)) this.options.logger.info(line)
        else this.options.logger.warning(line)
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
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
