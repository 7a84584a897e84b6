/**
 * The ARM client's authentication: `Authorization: Bearer <refresher's current token>` on every
 * request, and on a 401 one forced refresh and one re-send.
 *
 * Usage (in the ARM client factory, right after constructing the client):
 *   const client = new DeploymentsClient(refresher, subscriptionId, { endpoint, userAgentOptions })
 *   useRefresherAuth(client.pipeline, refresher, logger)
 *
 * Why not the SDK's bearerTokenAuthenticationPolicy: it keeps the token in its own cycler and does
 * not retry a plain 401 (ARM's `ExpiredAuthenticationToken`, or a token revoked before its exp).
 * useRefresherAuth removes that policy and adds this one in the Sign phase. The pipeline orders
 * phases Serialize, (none), Deserialize, Retry, Sign, and the first policy wraps the rest, so the
 * SDK's retry policy (429/5xx, Retry-After) still wraps this one: every retry attempt asks the
 * refresher again and so carries the current token.
 *
 * A CAE claims challenge (401, `WWW-Authenticate: Bearer … error="insufficient_claims",
 * claims="<base64>"`) forces a refresh that asks for those claims; if ARM challenges the new token
 * too, the credential could not satisfy it and the request fails with that said plainly. The wait
 * for a token has a deadline (`tokenWaitMs`): with the token expired and the token endpoint
 * hanging or down, an ARM call fails after it instead of stalling the run past `timeout`.
 */
import { AbortError, type AbortSignalLike } from '@azure/abort-controller'
import {
  bearerTokenAuthenticationPolicyName,
  RestError,
  type Pipeline,
  type PipelinePolicy,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import type { AccessToken } from '@azure/identity'
import type { Logger } from '../runtime/ports.js'
import { untilAborted } from '../runtime/until-aborted.js'
import { formatDuration } from '../duration.js'

export const armAuthPolicyName = 'durableArmAuthPolicy'

/** What the policy needs from the TokenRefresher. */
export interface ArmTokenSource {
  getToken(): Promise<AccessToken>
  forceRefresh(reason: string, claims?: string): Promise<AccessToken>
  /** The claims the source asks for with every token (the last challenge's), if any. */
  readonly requestedClaims?: string | undefined
}

export interface ArmAuthOptions {
  logger?: Logger
  /** How long an ARM call waits for a token (the token expired, a refresh in flight). Default 60 s. */
  tokenWaitMs?: number
}

const DEFAULT_TOKEN_WAIT_MS = 60_000

function armAuthPolicy(tokens: ArmTokenSource, options: ArmAuthOptions): PipelinePolicy {
  const { logger } = options
  const waitMs = options.tokenWaitMs ?? DEFAULT_TOKEN_WAIT_MS
  return {
    name: armAuthPolicyName,
    async sendRequest(request, next) {
      // A request's deadline (the cancel path's few seconds) covers the wait for a token too: with
      // the token expired and Entra down, a refresh can take minutes; and so does tokenWaitMs.
      const wait = <T>(work: Promise<T>): Promise<T> =>
        untilTokenDeadline(untilRequestAborted(work, request.abortSignal), waitMs)
      const used = await wait(tokens.getToken())
      request.headers.set('Authorization', `Bearer ${used.token}`)
      const response = await next(request)
      if (response.status !== 401) return response

      const code = unauthorizedCode(response)
      const where = `${request.method} ${new URL(request.url).pathname}`
      const claims = challengedClaims(response)
      // Another request may already have replaced the refused token (and asked for these claims);
      // then just use the new one.
      const current = await wait(tokens.getToken().catch(() => used))
      const replaced =
        current.token !== used.token && (!claims || tokens.requestedClaims === claims)
      const reason = `401 ${code}${claims ? ' (claims challenge)' : ''} from ${where}`
      const fresh = replaced ? current : await wait(tokens.forceRefresh(reason, claims))
      logger?.info(
        claims
          ? `ARM answered 401 ${code} to ${where} with a claims challenge (continuous access evaluation); retrying once with a token that carries the claims`
          : `ARM answered 401 ${code} to ${where}; retrying once with a new access token`
      )
      request.headers.set('Authorization', `Bearer ${fresh.token}`)
      const again = await next(request)
      if (again.status === 401 && claims && challengedClaims(again) === claims) {
        throw new RestError(
          `ARM asks for an access token with the claims ${claims} (continuous access evaluation, ` +
            `${where}), and the new token did not satisfy them: the credential cannot get a token ` +
            'with these claims (a Conditional Access authentication context a workload identity ' +
            'cannot meet, or a source that ignores claims). Check the Conditional Access policies ' +
            'that apply to this identity.',
          { statusCode: 401, code: unauthorizedCode(again), request, response: again }
        )
      }
      return again
    }
  }
}

/** Replaces the SDK's bearer-token policy of `pipeline` with armAuthPolicy (Sign phase). */
export function useRefresherAuth(
  pipeline: Pipeline,
  tokens: ArmTokenSource,
  options: ArmAuthOptions | Logger = {}
): void {
  const opts: ArmAuthOptions = 'info' in options ? { logger: options } : options
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName })
  pipeline.removePolicy({ name: armAuthPolicyName })
  pipeline.addPolicy(armAuthPolicy(tokens, opts), { phase: 'Sign' })
}

/** The work's result, or a TokenWaitTimeoutError after `ms` (the work goes on for the next caller). */
function untilTokenDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  // A plain timer, cleared as soon as the token is there (almost always at once, from the cache):
  // AbortSignal.timeout would leave a signal and a live timer behind every request for `ms`.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TokenWaitTimeoutError(ms)), ms)
    timer.unref()
    work.then(resolve, reject).finally(() => clearTimeout(timer))
  })
}

/** No access token within the wait: not a RestError, so the SDK does not retry it at once. */
export class TokenWaitTimeoutError extends Error {
  constructor(ms: number) {
    super(
      `no Azure access token within ${formatDuration(ms, { precise: true })}: the token has expired and getting a new one is still failing`
    )
    this.name = 'TokenWaitTimeoutError'
  }
}

/** The decoded claims of a CAE challenge (`error="insufficient_claims", claims="<base64>"`). */
export function challengedClaims(response: PipelineResponse): string | undefined {
  const challenge = response.headers.get('www-authenticate') ?? ''
  if (!/error="insufficient_claims"/i.test(challenge)) return undefined
  const encoded = /claims="([^"]+)"/i.exec(challenge)?.[1]
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  return decoded.trim().startsWith('{') ? decoded : undefined
}

/** The promise's result, or an AbortError as soon as the request's signal aborts. */
function untilRequestAborted<T>(work: Promise<T>, signal: AbortSignalLike | undefined): Promise<T> {
  return untilAborted(work, signal, () => new AbortError('The request was aborted'))
}

/** ARM's error code (`ExpiredAuthenticationToken`, `InvalidAuthenticationToken`…), or `Unauthorized`. */
function unauthorizedCode(response: PipelineResponse): string {
  const text = response.bodyAsText
  if (text) {
    try {
      const body: unknown = JSON.parse(text)
      const error = (body as { error?: { code?: unknown } } | null)?.error
      if (typeof error?.code === 'string') return error.code
    } catch {
      // not JSON: fall through
    }
  }
  const challenge = response.headers.get('www-authenticate') ?? ''
  return /error="([^"]+)"/.exec(challenge)?.[1] ?? 'Unauthorized'
}
