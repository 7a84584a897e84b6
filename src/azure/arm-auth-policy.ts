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
 */
import { AbortError, type AbortSignalLike } from '@azure/abort-controller'
import {
  bearerTokenAuthenticationPolicyName,
  type Pipeline,
  type PipelinePolicy,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import type { AccessToken } from '@azure/identity'
import type { Logger } from '../runtime/ports.js'
import { untilAborted } from '../runtime/until-aborted.js'

export const armAuthPolicyName = 'durableArmAuthPolicy'

/** What the policy needs from the TokenRefresher. */
export interface ArmTokenSource {
  getToken(): Promise<AccessToken>
  forceRefresh(reason: string): Promise<AccessToken>
}

function armAuthPolicy(tokens: ArmTokenSource, logger?: Logger): PipelinePolicy {
  return {
    name: armAuthPolicyName,
    async sendRequest(request, next) {
      // A request's deadline (the cancel path's few seconds) covers the wait for a token too: with
      // the token expired and Entra down, a refresh can take minutes.
      const signal = request.abortSignal
      const used = await untilRequestAborted(tokens.getToken(), signal)
      request.headers.set('Authorization', `Bearer ${used.token}`)
      const response = await next(request)
      if (response.status !== 401) return response

      const code = unauthorizedCode(response)
      const where = `${request.method} ${new URL(request.url).pathname}`
      // Another request may already have replaced the refused token; then just use the new one.
      const current = await untilRequestAborted(
        tokens.getToken().catch(() => used),
        signal
      )
      const fresh =
        current.token !== used.token
          ? current
          : await untilRequestAborted(tokens.forceRefresh(`401 ${code} from ${where}`), signal)
      logger?.info(`ARM answered 401 ${code} to ${where}; retrying once with a new access token`)
      request.headers.set('Authorization', `Bearer ${fresh.token}`)
      return next(request)
    }
  }
}

/** Replaces the SDK's bearer-token policy of `pipeline` with armAuthPolicy (Sign phase). */
export function useRefresherAuth(
  pipeline: Pipeline,
  tokens: ArmTokenSource,
  logger?: Logger
): void {
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName })
  pipeline.removePolicy({ name: armAuthPolicyName })
  pipeline.addPolicy(armAuthPolicy(tokens, logger), { phase: 'Sign' })
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
