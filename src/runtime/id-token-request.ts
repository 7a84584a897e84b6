/**
 * Mints a GitHub OIDC ID token the way core.getIDToken does (GET ACTIONS_ID_TOKEN_REQUEST_URL
 * &audience=…, `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN`, `{ value }`), with one
 * attempt and a deadline. core.getIDToken goes through @actions/http-client, which retries 5xx up
 * to 10 times by itself, inside GitHubIdTokenCache's own visible retries: two layers, and a wait
 * with no end. Errors keep core's wording (`Error Code : 503`, `Unable to get
 * ACTIONS_ID_TOKEN_REQUEST_URL`) so the cache classifies them as before.
 */
import type { IdTokenProvider } from './ports.js'

export interface IdTokenRequestOptions {
  env?: Record<string, string | undefined>
  /** Each request is aborted after this long. Default 30 s. */
  timeoutMs?: number
  /** Registers the token as a secret before anyone can print it (core.setSecret). */
  setSecret: (value: string) => void
}

export function idTokenRequester(options: IdTokenRequestOptions): IdTokenProvider {
  return async (audience) => {
    const env = options.env ?? process.env
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    if (!url) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
    if (!token) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable')
    const target = audience ? `${url}&audience=${encodeURIComponent(audience)}` : url
    let response: Response
    try {
      response = await fetch(target, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'user-agent': 'actions/oidc-client'
        },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000)
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(`Failed to get ID Token: ${reason}`, { cause: error })
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 300)
      throw new Error(
        `Failed to get ID Token. Error Code : ${response.status} Error Message: ${text || response.statusText}`
      )
    }
    const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined
    const value = body?.value
    if (typeof value !== 'string' || value === '') {
      throw new Error('Response json body do not have ID Token field')
    }
    options.setSecret(value)
    return value
  }
}
