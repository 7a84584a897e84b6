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
  const fix = permanentEntraFix(error)
  return new TokenAcquisitionError(
    `Could not get an Azure access token (auth-type ${target.authType}, scope ${target.scope}): ` +
      `${context}${code ? `Entra answered ${code}: ` : ''}${describeError(error)}` +
      (fix ? ` To fix: ${fix}.` : ''),
    code
  )
}

/**
 * Entra errors that no retry heals: the configuration is wrong (a secret, a federated credential's
 * subject or issuer, the app id). Warned once with the fix, then retried slowly: someone may fix the
 * app registration while a long deployment runs.
 */
const PERMANENT_FIXES: Record<string, (message: string) => string> = {
  AADSTS7000215: () =>
    'the client secret is wrong or has expired: create a new secret for the app registration and ' +
    'put its Value (not its Secret ID) into the secret behind `client-secret` (or `creds`)',
  AADSTS7000222: () =>
    'the client secret has expired: create a new secret for the app registration and update the ' +
    'secret behind `client-secret` (or `creds`)',
  AADSTS700213: (message) => {
    const subject = /assertion subject '([^']+)'/.exec(message)?.[1]
    return (
      'no federated credential of the app registration matches the GitHub ID token: its subject ' +
      `must be exactly ${subject ? `'${subject}'` : 'the token’s subject'} (repo:OWNER/REPO:ref:refs/heads/BRANCH; ` +
      'a job with `environment:` presents repo:OWNER/REPO:environment:NAME instead, a pull request ' +
      'repo:OWNER/REPO:pull_request), issuer https://token.actions.githubusercontent.com and ' +
      'audience api://AzureADTokenExchange'
    )
  },
  AADSTS700211: () =>
    'the federated credential’s issuer does not match the GitHub ID token’s: use ' +
    'https://token.actions.githubusercontent.com (or your GitHub Enterprise Server’s issuer)',
  AADSTS700016: () =>
    'no application with this client id exists in the tenant: check `client-id` (the app ' +
    'registration’s Application (client) ID) and `tenant-id` (its Directory (tenant) ID)'
}

/** What to fix for a permanent Entra error, or undefined when retrying may help. */
export function permanentEntraFix(error: unknown): string | undefined {
  const code = entraErrorCode(error)
  const fix = code ? PERMANENT_FIXES[code] : undefined
  return fix?.(error instanceof Error ? error.message : String(error))
}
