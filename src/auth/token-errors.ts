// What a failed token acquisition means: the Entra error code in it, whether a new attempt can
// help, and the one error callers see, naming the auth type and scope. Never a token.

import type { AuthType } from '../settings/settings.js'
import { describeError } from './log-text.js'

/** From TokenRefresher start() and, after expiry, getToken(): names auth type and Entra code. */
export class TokenAcquisitionError extends Error {
  constructor(
    message: string,
    readonly entraErrorCode?: string
  ) {
    super(message)
    this.name = 'TokenAcquisitionError'
  }
}

/**
 * Entra's "client assertion is not within its valid time range": a new attempt signs a new
 * certificate assertion, or (OIDC, after invalidateAssertion) mints a new ID token, so unlike other
 * AADSTS codes it is worth retrying at start.
 */
export const ASSERTION_TIME_RANGE = 'AADSTS700024'

/** `AADSTS700024` and friends, from an @azure/identity AuthenticationError message or body. */
export function entraErrorCode(error: unknown): string | undefined {
  const text = error instanceof Error ? error.message : String(error)
  return /AADSTS\d+/.exec(text)?.[0]
}

/** The error callers get once acquisition has failed for good; `context` says why it is final. */
export function acquisitionError(
  error: unknown,
  code: string | undefined,
  target: { authType: AuthType; scope: string },
  context = ''
): TokenAcquisitionError {
  return new TokenAcquisitionError(
    `Could not get an Azure access token (auth-type ${target.authType}, scope ${target.scope}): ` +
      `${context}${code ? `Entra answered ${code}: ` : ''}${describeError(error)}`,
    code
  )
}
