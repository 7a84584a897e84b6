/**
 * Managed identity through msal-node's ManagedIdentityApplication, asked with `forceRefresh`.
 *
 * Why not @azure/identity's ManagedIdentityCredential: msal-node keeps one static token cache for
 * every managed-identity app in the process, and @azure/identity 4 passes neither `forceRefresh` nor
 * `claims` on to it, so a "fresh" credential hands back the cached token until msal's 5-minute
 * renewal margin: every refresh before that would be the same token. msal-node's own app takes both.
 * Its requests go through `fetchWithTimeout` (msal-node's network client shape), so a token endpoint
 * that never answers is given up on and its socket closed. msal's internal retries are off: the
 * token refresher retries, visibly (one retry layer).
 *
 * The endpoint may still answer with a token it cached itself (IMDS and App Service do); the
 * refresher compares tokens and does not count that as a refresh.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity'
import {
  ManagedIdentityApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse
} from '@azure/msal-node'

export interface ManagedIdentityOptions {
  /** A user-assigned identity's client id; none = the system-assigned identity. */
  clientId?: string
  /** Each request to the token endpoint is aborted after this long. */
  requestTimeoutMs: number
}

export class ForcedManagedIdentityCredential implements TokenCredential {
  constructor(private readonly options: ManagedIdentityOptions) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes
    const app = new ManagedIdentityApplication({
      ...(this.options.clientId
        ? { managedIdentityIdParams: { userAssignedClientId: this.options.clientId } }
        : {}),
      // CAE-capable (xms_cc=cp1), as @azure/identity declares too: ARM then challenges with claims
      // instead of refusing a revoked token outright.
      clientCapabilities: ['cp1'],
      system: {
        networkClient: fetchWithTimeout(this.options.requestTimeoutMs),
        disableInternalRetries: true
      }
    })
    const result = await app.acquireToken({
      resource: scope ?? '',
      forceRefresh: true,
      ...(options?.claims ? { claims: options.claims } : {})
    })
    return {
      token: result.accessToken,
      expiresOnTimestamp: (result.expiresOn ?? new Date()).getTime(),
      ...(result.refreshOn ? { refreshAfterTimestamp: result.refreshOn.getTime() } : {}),
      tokenType: 'Bearer'
    }
  }
}

/** msal-node's network client contract over fetch, every request with a deadline. */
export function fetchWithTimeout(timeoutMs: number): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number
  ): Promise<NetworkResponse<T>> => {
    const ms = timeout ? Math.min(timeout, timeoutMs) : timeoutMs
    const response = await fetch(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      signal: AbortSignal.timeout(ms)
    })
    const text = await response.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = { error: `HTTP ${response.status}`, error_description: text.slice(0, 500) }
    }
    return {
      headers: Object.fromEntries(response.headers.entries()),
      body: body as T,
      status: response.status
    }
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options)
  }
}
