// What a failed refresh attempt means and how it is told: a source that answered with the token we
// hold (no refresh at all), a permanent Entra error (warned once with its fix), a claims challenge
// the credential cannot take. One log line per attempt; a warning annotation only for what is new.

import type { AccessToken } from '@azure/identity'
import type { Logger } from '../runtime/ports.js'
import type { AuthType } from '../settings/settings.js'
import { formatDuration } from '../duration.js'
import { describeError } from './log-text.js'
import { entraErrorCode, TokenAcquisitionError } from './token-errors.js'

/** The credential answered with the token we already hold (or the one ARM refused). */
export class SameTokenError extends Error {
  constructor(readonly refused: boolean) {
    super(
      refused
        ? 'the credential returned the token ARM refused again'
        : 'the credential returned the token we already hold'
    )
    this.name = 'SameTokenError'
  }
}

/** @azure/identity's "this credential cannot do that" (az CLI and a claims challenge). */
export function isCredentialUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'CredentialUnavailableError'
}

/** The refresher is for one scope: an SDK asking for another gets an error, not a wrong token. */
export function checkScope(held: string, scopes?: string | string[]): void {
  if (scopes === undefined) return
  const list = Array.isArray(scopes) ? scopes : [scopes]
  if (list.length > 0 && !list.includes(held)) {
    throw new TokenAcquisitionError(
      `TokenRefresher holds tokens for ${held}, not ${list.join(', ')}`
    )
  }
}

export interface FailedAttempt {
  error: unknown
  /** permanentEntraFix(error), if the error is permanent. */
  fix: string | undefined
  /** The current token while it is still valid. */
  valid: AccessToken | undefined
  delay: number
  failuresAfterExpiry: number
  maxAfterExpiry: number
}

export class RefreshFailureLog {
  private readonly saidOnce = new Set<string>()

  constructor(
    private readonly logger: Logger,
    private readonly authType: AuthType
  ) {}

  /** Whether the permanent error `code` was already warned about (later lines are info). */
  warnedAbout(code: string | undefined): boolean {
    return code !== undefined && this.saidOnce.has(code)
  }

  report(attempt: FailedAttempt): void {
    const { error, fix, valid, delay } = attempt
    const retry = `retrying in ${formatDuration(delay, { precise: true })}`
    const line = (what: string): string =>
      valid
        ? `${what}, ${retry}; current token valid until ${new Date(valid.expiresOnTimestamp).toISOString()}`
        : `${what} and the current token has expired; attempt ${attempt.failuresAfterExpiry}/${attempt.maxAfterExpiry}, ${retry}`
    if (error instanceof SameTokenError) {
      const text = line(`token refresh got no new token (${error.message})`)
      if (this.once('same-token')) {
        this.logger.warning(
          `${text}. The ${this.authType} source answers from its own cache; ` +
            'such an answer is not counted as a refresh'
        )
      } else this.logger.info(text)
      return
    }
    const code = entraErrorCode(error)
    if (fix && code) {
      const text = line(`token refresh failed (Entra answered ${code})`)
      if (this.once(code)) {
        this.logger.warning(
          `${text}. This does not heal by itself: ${fix}. Retrying slowly in case it is fixed meanwhile. (${describeError(error)})`
        )
      } else this.logger.info(text)
      return
    }
    this.logger.warning(line(`token refresh failed (${describeError(error)})`))
  }

  private once(key: string): boolean {
    if (this.saidOnce.has(key)) return false
    this.saidOnce.add(key)
    return true
  }
}
