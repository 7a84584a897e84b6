/**
 * Builds `@azure/identity` credentials from the validated auth settings.
 *
 * Usage:
 *   const createCredential = createCredentialFactory(settings.auth, settings.cloud, {
 *     idTokens: coreIdTokens, // core.getIDToken (runtime/core-adapter.ts), or a GitHubIdTokenCache you hold
 *     logger
 *   })
 *   const refresher = new TokenRefresher({ createCredential, authType: settings.auth.type, ... })
 *
 * It returns a factory, not a credential: every call builds a FRESH credential (a new, empty MSAL
 * cache). MSAL caches tokens and swallows background refresh errors, handing back the cached token,
 * so forcing a truly new token means a new credential. The GitHub ID token cache is shared by every
 * credential the factory builds, so fresh credentials do not mint extra ID tokens.
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

export interface CredentialFactory {
  (): TokenCredential
  /** OIDC: forget the cached GitHub ID token so the next credential sends a newly minted one. */
  invalidateAssertion?: () => void
}

export interface CredentialFactoryDeps {
  /** The ID token cache, or a bare provider (then the factory wraps it in one cache). */
  idTokens: GitHubIdTokenCache | IdTokenProvider
  logger: Logger
  /** Ends the ID token cache's retry waits (the session closed). */
  signal?: AbortSignal
  /** Prepended to the SDK's User-Agent. Default USER_AGENT (`durable-arm-deploy/<version>`). */
  userAgentPrefix?: string
}

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
  const options = {
    authorityHost: cloud.authorityHost,
    ...(isKnownAuthorityHost(cloud.authorityHost) ? {} : { disableInstanceDiscovery: true }),
    userAgentOptions: { userAgentPrefix: deps.userAgentPrefix ?? USER_AGENT },
    // The token refresher retries a failed acquisition itself, visibly and with a fresh credential
    // (so a fresh ID token). The SDK's silent retry would re-send the same assertion for seconds,
    // which a short-lived (or, in compressed-time tests, sub-second) ID token may not outlive.
    retryOptions: { maxRetries: 0 }
  }
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
      const factory: CredentialFactory = () =>
        new ClientAssertionCredential(auth.tenantId, auth.clientId, idTokens.getIdToken, options)
      factory.invalidateAssertion = () => idTokens.invalidate()
      return factory
    }
    case 'secret':
      return () =>
        redacting(
          new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, options),
          [auth.clientSecret]
        )
    case 'certificate':
      return () =>
        redacting(
          new ClientCertificateCredential(
            auth.tenantId,
            auth.clientId,
            { certificate: auth.certificatePem },
            options
          ),
          [auth.certificatePem]
        )
    case 'managed-identity':
      return () =>
        new ManagedIdentityCredential({
          ...(auth.clientId ? { clientId: auth.clientId } : {}),
          userAgentOptions: options.userAgentOptions
        })
    case 'azure-cli':
      deps.logger.warning(AZURE_CLI_OIDC_WARNING)
      return () =>
        new AzureCliCredential({
          ...(auth.tenantId ? { tenantId: auth.tenantId } : {}),
          userAgentOptions: options.userAgentOptions
        })
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
