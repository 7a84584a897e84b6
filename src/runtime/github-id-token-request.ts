// One GitHub OIDC ID token from the runner's token service, as `core.getIDToken` asks for it:
// GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…, Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN, `{ value }`.
//
// Why our own: `core.getIDToken` goes through @actions/http-client, which bundles undici (455 kB
// minified, loaded by every run). Node's https does the same request. The proxy settings
// @actions/http-client honours (https_proxy / HTTPS_PROXY, no_proxy / NO_PROXY) are honoured by an
// agent built with `proxyEnv` (Node ≥ 24.5), for this request only. Error messages keep
// getIDToken's wording, which GitHubIdTokenCache reads (`Error Code : 503`) to decide on a retry;
// retries are that cache's (with backoff and one log line per attempt), not a second layer here.

import * as http from 'node:http'
import * as https from 'node:https'

export interface IdTokenRequestDeps {
  env: NodeJS.ProcessEnv
  debug: (message: string) => void
  setSecret: (secret: string) => void
  /** Gives up on a request that hangs (default 60 s). */
  timeoutMs?: number
}

/** The runner's ID token for `audience`; throws getIDToken's messages. */
export async function requestGitHubIdToken(
  audience: string,
  deps: IdTokenRequestDeps
): Promise<string> {
  try {
    let url = required(deps.env, 'ACTIONS_ID_TOKEN_REQUEST_URL')
    if (audience) url = `${url}&audience=${encodeURIComponent(audience)}`
    deps.debug(`ID token url is ${url}`)
    const bearer = required(deps.env, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
    const response = await get(url, bearer, deps)
    if (response.status > 299 && response.status !== 404) {
      const message = failureText(response)
      throw new Error(
        `Failed to get ID Token. \n \n        Error Code : ${response.status}\n \n        Error Message: ${message}`
      )
    }
    const value = jsonValue(response)
    if (!value) throw new Error('Response json body do not have ID Token field')
    deps.setSecret(value)
    return value
  } catch (error) {
    throw new Error(`Error message: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error
    })
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]
  if (!value) throw new Error(`Unable to get ${name} env variable`)
  return value
}

interface Response {
  status: number
  body: string
}

function get(url: string, bearer: string, deps: IdTokenRequestDeps): Promise<Response> {
  const target = new URL(url)
  const client = target.protocol === 'http:' ? http : https
  const agent = new client.Agent({ proxyEnv: deps.env, keepAlive: false })
  return new Promise<Response>((resolve, reject) => {
    const request = client.get(
      target,
      {
        agent,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${bearer}`,
          'user-agent': 'actions/oidc-client'
        },
        timeout: deps.timeoutMs ?? 60_000
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        )
        res.on('error', reject)
      }
    )
    request.on('timeout', () => request.destroy(new Error(`Request timeout: ${target.pathname}`)))
    request.on('error', (error) => {
      // getIDToken's wording for a request that never got an answer (no status code).
      reject(
        new Error(
          `Failed to get ID Token. \n \n        Error Code : undefined\n \n        Error Message: ${error.message}`
        )
      )
    })
  }).finally(() => agent.destroy())
}

function parsed(body: string): unknown {
  try {
    return body.length > 0 ? (JSON.parse(body) as unknown) : undefined
  } catch {
    return undefined
  }
}

/** @actions/http-client's error text: the body's `message`, else the body, else the status. */
function failureText(response: Response): string {
  const doc = parsed(response.body)
  if (doc !== null && typeof doc === 'object' && 'message' in doc && doc.message) {
    return typeof doc.message === 'string' ? doc.message : JSON.stringify(doc.message)
  }
  return response.body.length > 0 ? response.body : `Failed request: (${response.status})`
}

function jsonValue(response: Response): string | undefined {
  if (response.status === 404) return undefined
  const doc = parsed(response.body)
  if (doc === null || typeof doc !== 'object' || !('value' in doc)) return undefined
  return typeof doc.value === 'string' && doc.value ? doc.value : undefined
}
