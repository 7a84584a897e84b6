/**
 * Builds `@azure/identity` credentials from the validated auth settings.
 *
 * Usage:
 *   const createCredential = createCredentialFactory(settings.auth, settings.cloud, {
 *     idTokens: coreIdTokens, // runtime/core-adapter.ts (one attempt per mint), or a GitHubIdTokenCache you hold
 *     logger
 *   })
 *   const refresher = new TokenRefresher({ createCredential, authType: settings.auth.type, ... })
 *
 * It returns a factory, not a credential: every call builds a FRESH credential (a new, empty MSAL
 * cache). MSAL caches tokens and swallows background refresh errors, handing back the cached token,
 * so forcing a truly new token means a new credential. The GitHub ID token cache is shared by every
 * credential the factory builds, so fresh credentials do not mint extra ID tokens. Managed identity
 * goes through msal-node with forceRefresh (managed-identity-credential.ts): its cache is static.
 * Every token request gets the caller's `requestTimeoutMs` (acquisition-deadline.ts).
 */
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential
} from '@azure/identity'
import type { IdTokenProvider, Logger } from '../runtime/ports.js'
import { ENVIRONMENTS } from '../azure/cloud.js'
import { USER_AGENT } from '../azure/versions.js'
import type { AuthSettings, CloudSettings } from '../settings/settings.js'
import { GitHubIdTokenCache } from './github-id-token.js'
import { acquisitionDeadlineMs, tokenRequestTimeoutPolicy } from './acquisition-deadline.js'
import { ForcedManagedIdentityCredential } from './managed-identity-credential.js'

export interface CredentialFactory {
  (options?: { requestTimeoutMs?: number }): TokenCredential
  /** OIDC: forget the cached GitHub ID token so the next credential sends a newly minted one. */
  invalidateAssertion?: () => void
  /**
   * The source hands out a new token only within this long before the old one expires, whatever
   * the caller asks (az CLI's own MSAL cache: 5 minutes); refreshes are scheduled inside it.
   */
  renewWindowMs?: number
  /** Lower bound for an acquisition's deadline (az CLI starts a Python process: 20 s). */
  minDeadlineMs?: number
}

export interface CredentialFactoryDeps {
  /** The ID token cache, or a bare provider (then the factory wraps it in one cache). */
  idTokens: GitHubIdTokenCache | IdTokenProvider
  logger: Logger
  /** Ends the ID token cache's retry waits (the session closed). */
  signal?: AbortSignal
  /** Prepended to the SDK's User-Agent. Default USER_AGENT (`durable-arm-deploy/<version>`). */
  userAgentPrefix?: string
  /** Where AZURE_FEDERATED_TOKEN_FILE is read (AKS workload identity). Default process.env. */
  env?: Record<string, string | undefined>
}

/** az CLI (MSAL for Python) returns its cached token until 5 minutes before it expires. */
export const AZ_CLI_RENEW_WINDOW_MS = 5 * 60_000
const AZ_CLI_MIN_DEADLINE_MS = 20_000

/**
 * Entra authority hosts of the built-in environments (cloud.ts), plus China's alternative host;
 * anything else skips MSAL's instance discovery.
 */
const KNOWN_AUTHORITY_HOSTS = new Set([
  ...Object.values(ENVIRONMENTS).map((e) => new URL(e.authorityHost).hostname),
  'login.partner.microsoftonline.cn'
])

export function isKnownAuthorityHost(authorityHost: string): boolean {
  try {
    return KNOWN_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase())
  } catch {
    return false
  }
}

export const AZURE_CLI_OIDC_WARNING =
  'auth-type azure-cli uses the az CLI session of the job; an az session made from OIDC (azure/login) ' +
  'cannot outlive its first access token (~60 min), so long deployments should use auth-type oidc'

export function createCredentialFactory(
  auth: AuthSettings,
  cloud: CloudSettings,
  deps: CredentialFactoryDeps
): CredentialFactory {
  const base = {
    authorityHost: cloud.authorityHost,
    ...(isKnownAuthorityHost(cloud.authorityHost) ? {} : { disableInstanceDiscovery: true }),
    userAgentOptions: { userAgentPrefix: deps.userAgentPrefix ?? USER_AGENT },
    // The token refresher retries a failed acquisition itself, visibly and with a fresh credential
    // (so a fresh ID token). The SDK's silent retry would re-send the same assertion for seconds,
    // which a short-lived (or, in compressed-time tests, sub-second) ID token may not outlive.
    retryOptions: { maxRetries: 0 }
  }
  const timeoutOf = (o?: { requestTimeoutMs?: number }): number =>
    o?.requestTimeoutMs ?? acquisitionDeadlineMs()
  // @azure/identity does not pass the abort signal to MSAL; a timeout on the HTTP request does reach
  // the socket, so a token endpoint that never answers cannot hold the request (or the process).
  const optionsFor = (o?: { requestTimeoutMs?: number }) => ({
    ...base,
    additionalPolicies: [
      { policy: tokenRequestTimeoutPolicy(timeoutOf(o)), position: 'perCall' as const }
    ]
  })
  switch (auth.type) {
    case 'oidc': {
      const idTokens =
        deps.idTokens instanceof GitHubIdTokenCache
          ? deps.idTokens
          : new GitHubIdTokenCache({
              provider: deps.idTokens,
              audience: auth.audience,
              logger: deps.logger,
              ...(deps.signal ? { signal: deps.signal } : {})
            })
      const factory: CredentialFactory = (o) =>
        new ClientAssertionCredential(
          auth.tenantId,
          auth.clientId,
          idTokens.getIdToken,
          optionsFor(o)
        )
      factory.invalidateAssertion = () => idTokens.invalidate()
      return factory
    }
    case 'secret':
      return (o) =>
        redacting(
          new ClientSecretCredential(
            auth.tenantId,
            auth.clientId,
            auth.clientSecret,
            optionsFor(o)
          ),
          [auth.clientSecret]
        )
    case 'certificate':
      return (o) =>
        redacting(
          new ClientCertificateCredential(
            auth.tenantId,
            auth.clientId,
            { certificate: auth.certificatePem },
            optionsFor(o)
          ),
          [auth.certificatePem]
        )
    case 'managed-identity': {
      const env = deps.env ?? process.env
      // AKS workload identity is a federated credential (@azure/identity's token exchange), not
      // msal's managed-identity sources: a fresh ManagedIdentityCredential is a fresh cache there.
      if (env.AZURE_FEDERATED_TOKEN_FILE) {
        return (o) =>
          new ManagedIdentityCredential({
            ...(auth.clientId ? { clientId: auth.clientId } : {}),
            ...optionsFor(o)
          })
      }
      return (o) =>
        new ForcedManagedIdentityCredential({
          ...(auth.clientId ? { clientId: auth.clientId } : {}),
          requestTimeoutMs: timeoutOf(o)
        })
    }
    case 'azure-cli': {
      deps.logger.warning(AZURE_CLI_OIDC_WARNING)
      const factory: CredentialFactory = (o) =>
        new AzureCliCredential({
          ...(auth.tenantId ? { tenantId: auth.tenantId } : {}),
          userAgentOptions: base.userAgentOptions,
          processTimeoutInMs: Math.max(timeoutOf(o), AZ_CLI_MIN_DEADLINE_MS)
        })
      factory.renewWindowMs = AZ_CLI_RENEW_WINDOW_MS
      factory.minDeadlineMs = AZ_CLI_MIN_DEADLINE_MS
      return factory
    }
  }
}

/** Belt and braces: no error thrown by a credential may carry the secret it was built from. */
function redacting(credential: TokenCredential, secrets: string[]): TokenCredential {
  const values = secrets.filter((s) => s.length >= 8)
  return {
    async getToken(
      scopes: string | string[],
      getTokenOptions?: GetTokenOptions
    ): Promise<AccessToken | null> {
      try {
        return await credential.getToken(scopes, getTokenOptions)
      } catch (error) {
        if (error instanceof Error) {
          for (const value of values) error.message = error.message.split(value).join('***')
        }
        throw error
      }
    }
  }
}
