import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import {
  bearerTokenAuthenticationPolicyName,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import type { AccessToken } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import {
  armAuthPolicyName,
  useRefresherAuth,
  type ArmTokenSource
} from '../../../src/azure/arm-auth-policy.js'
import { FakeLogger } from '../../helpers/fakes.js'

const URL_ =
  'https://management.example.test/subscriptions/s/resourcegroups/rg/providers/Microsoft.Resources/deployments/d'

/** A token source that hands out `t1`, then a new token per forced refresh. */
function tokens(): ArmTokenSource & { forced: string[] } {
  let current: AccessToken = { token: 't1', expiresOnTimestamp: Date.now() + 3_600_000 }
  const forced: string[] = []
  return {
    forced,
    getToken: async () => current,
    forceRefresh: async (reason) => {
      forced.push(reason)
      current = { token: `t${forced.length + 1}`, expiresOnTimestamp: Date.now() + 3_600_000 }
      return current
    }
  }
}

/** Answers each request with the next scripted status; records the Authorization header. */
function server(statuses: number[]): HttpClient & { seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      seen.push(request.headers.get('authorization') ?? '')
      const status = statuses.shift() ?? 200
      const body =
        status === 401
          ? {
              error: {
                code: 'ExpiredAuthenticationToken',
                message: 'The access token expiry UTC time is earlier than current UTC time.'
              }
            }
          : {}
      return {
        request,
        status,
        headers: createHttpHeaders({ 'content-type': 'application/json', 'retry-after': '0' }),
        bodyAsText: JSON.stringify(body)
      }
    }
  }
}

function pipeline(source: ArmTokenSource, logger = new FakeLogger()) {
  const p = createPipelineFromOptions({ retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 1 } })
  useRefresherAuth(p, source, logger)
  return p
}

describe('armAuthPolicy', () => {
  it('sends the current token', async () => {
    const source = tokens()
    const http = server([200])
    const response = await pipeline(source).sendRequest(http, createPipelineRequest({ url: URL_ }))
    expect(response.status).toBe(200)
    expect(http.seen).toEqual(['Bearer t1'])
    expect(source.forced).toEqual([])
  })

  it('on a 401 forces one refresh and re-sends with the new token', async () => {
    const source = tokens()
    const logger = new FakeLogger()
    const http = server([401, 200])
    const response = await pipeline(source, logger).sendRequest(
      http,
      createPipelineRequest({ url: URL_, method: 'PUT', body: '{"properties":{}}' })
    )
    expect(response.status).toBe(200)
    expect(http.seen).toEqual(['Bearer t1', 'Bearer t2'])
    expect(source.forced).toEqual([
      '401 ExpiredAuthenticationToken from PUT /subscriptions/s/resourcegroups/rg/providers/Microsoft.Resources/deployments/d'
    ])
    expect(logger.text).not.toContain('t1')
  })

  it("a request's deadline covers the wait for a token (expired token, Entra down)", async () => {
    const source: ArmTokenSource = {
      getToken: () => new Promise<AccessToken>(() => undefined), // a refresh that keeps retrying
      forceRefresh: () => new Promise<AccessToken>(() => undefined)
    }
    const http = server([200])
    const t0 = Date.now()
    const sent = pipeline(source).sendRequest(
      http,
      createPipelineRequest({ url: URL_, method: 'POST', abortSignal: AbortSignal.timeout(50) })
    )
    await expect(sent).rejects.toMatchObject({ name: 'AbortError' })
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(http.seen).toEqual([])
  })

  it('retries only once: a second 401 goes back to the caller', async () => {
    const source = tokens()
    const http = server([401, 401, 200])
    const response = await pipeline(source).sendRequest(http, createPipelineRequest({ url: URL_ }))
    expect(response.status).toBe(401)
    expect(http.seen).toHaveLength(2)
    expect(source.forced).toHaveLength(1)
  })

  it('does not force a refresh when another request already replaced the refused token', async () => {
    const source = tokens()
    const http = server([])
    const inner = http.sendRequest.bind(http)
    let first = true
    http.sendRequest = async (request) => {
      if (first) {
        first = false
        await source.forceRefresh('401 from a parallel request') // t2 arrives while t1 is in flight
        return { ...(await inner(request)), status: 401 }
      }
      return inner(request)
    }
    const response = await pipeline(source).sendRequest(http, createPipelineRequest({ url: URL_ }))
    expect(response.status).toBe(200)
    expect(http.seen).toEqual(['Bearer t1', 'Bearer t2'])
    expect(source.forced).toEqual(['401 from a parallel request'])
  })

  it('names the challenge error when a 401 has no JSON body (HEAD)', async () => {
    const source = tokens()
    const http: HttpClient = {
      async sendRequest(request) {
        const refused = request.headers.get('authorization') === 'Bearer t1'
        return {
          request,
          status: refused ? 401 : 204,
          headers: createHttpHeaders(
            refused
              ? { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' }
              : {}
          )
        }
      }
    }
    const response = await pipeline(source).sendRequest(
      http,
      createPipelineRequest({ url: URL_, method: 'HEAD' })
    )
    expect(response.status).toBe(204)
    expect(source.forced[0]).toMatch(/^401 invalid_token from HEAD /)
  })

  it('lets a failed forced refresh reach the caller', async () => {
    const source = tokens()
    source.forceRefresh = () => Promise.reject(new Error('Could not get an Azure access token'))
    await expect(
      pipeline(source).sendRequest(server([401]), createPipelineRequest({ url: URL_ }))
    ).rejects.toThrow('Could not get an Azure access token')
  })

  it('sits inside the SDK retry policy, so a retried 503 carries the current token again', async () => {
    const source = tokens()
    const http = server([503, 401, 200])
    const p = pipeline(source)
    const names = p.getOrderedPolicies().map((x) => x.name)
    expect(names.indexOf('defaultRetryPolicy')).toBeGreaterThanOrEqual(0)
    expect(names.indexOf(armAuthPolicyName)).toBeGreaterThan(names.indexOf('defaultRetryPolicy'))
    const response = await p.sendRequest(http, createPipelineRequest({ url: URL_ }))
    expect(response.status).toBe(200)
    expect(http.seen).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2'])
  })

  it("replaces the DeploymentsClient's bearer-token policy", async () => {
    const source = tokens()
    const client = new DeploymentsClient(
      { getToken: async () => ({ token: 'sdk', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      '00000000-0000-0000-0000-000000000000',
      { endpoint: 'https://management.example.test' }
    )
    const before = client.pipeline.getOrderedPolicies().map((x) => x.name)
    expect(before).toContain(bearerTokenAuthenticationPolicyName)
    useRefresherAuth(client.pipeline, source)
    const after = client.pipeline.getOrderedPolicies().map((x) => x.name)
    expect(after).not.toContain(bearerTokenAuthenticationPolicyName)
    expect(after.filter((n) => n === armAuthPolicyName)).toHaveLength(1)
    expect(after.indexOf(armAuthPolicyName)).toBeGreaterThan(after.indexOf('defaultRetryPolicy'))
  })
})

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}'

/** A token source that records the claims of each forced refresh. */
function claimsTokens(): ArmTokenSource & { asked: Array<string | undefined> } {
  let current: AccessToken = { token: 't1', expiresOnTimestamp: Date.now() + 3_600_000 }
  const asked: Array<string | undefined> = []
  const source = {
    asked,
    requestedClaims: undefined as string | undefined,
    getToken: async () => current,
    forceRefresh: async (_reason: string, claims?: string) => {
      asked.push(claims)
      if (claims) source.requestedClaims = claims
      current = { token: `t${asked.length + 1}`, expiresOnTimestamp: Date.now() + 3_600_000 }
      return current
    }
  }
  return source
}

/** ARM's CAE challenge for the first `challenges` requests, then 200. */
function caeServer(challenges: number): HttpClient & { seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      seen.push(request.headers.get('authorization') ?? '')
      const challenge = seen.length <= challenges
      return {
        request,
        status: challenge ? 401 : 200,
        headers: createHttpHeaders({
          'content-type': 'application/json',
          ...(challenge
            ? {
                'www-authenticate': `Bearer realm="", authorization_uri="https://login.example/common/oauth2/authorize", client_id="797f4846-ba00-4fd7-ba43-dac1f8f63013", error="insufficient_claims", claims="${Buffer.from(CLAIMS).toString('base64')}"`
              }
            : {})
        }),
        bodyAsText: JSON.stringify(
          challenge
            ? {
                error: {
                  code: 'InvalidAuthenticationToken',
                  message:
                    'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: InsufficientClaims'
                }
              }
            : {}
        )
      }
    }
  }
}

describe('armAuthPolicy: CAE claims challenges and the wait for a token', () => {
  it('answers a claims challenge with a token that carries the claims', async () => {
    const source = claimsTokens()
    const logger = new FakeLogger()
    const http = caeServer(1)
    const response = await pipeline(source, logger).sendRequest(
      http,
      createPipelineRequest({ url: URL_ })
    )
    expect(response.status).toBe(200)
    expect(source.asked).toEqual([CLAIMS])
    expect(http.seen).toEqual(['Bearer t1', 'Bearer t2'])
    expect(logger.at('info')).toEqual([
      'ARM answered 401 InvalidAuthenticationToken to GET /subscriptions/s/resourcegroups/rg/providers/Microsoft.Resources/deployments/d with a claims challenge (continuous access evaluation); retrying once with a token that carries the claims'
    ])
  })

  it('a challenge the new token cannot satisfy fails with that said plainly', async () => {
    const source = claimsTokens()
    const error = await pipeline(source)
      .sendRequest(caeServer(99), createPipelineRequest({ url: URL_ }))
      .catch((e: unknown) => e)
    expect(String(error)).toContain(
      `ARM asks for an access token with the claims ${CLAIMS} (continuous access evaluation, GET /subscriptions/s/resourcegroups/rg/providers/Microsoft.Resources/deployments/d), and the new token did not satisfy them`
    )
    expect(error).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' })
    expect(source.asked).toEqual([CLAIMS])
  })

  it('an ARM call waits for a token no longer than tokenWaitMs', async () => {
    const never: ArmTokenSource = {
      getToken: () => new Promise<AccessToken>(() => {}),
      forceRefresh: () => new Promise<AccessToken>(() => {})
    }
    const p = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } })
    useRefresherAuth(p, never, { tokenWaitMs: 50 })
    const started = Date.now()
    await expect(p.sendRequest(server([]), createPipelineRequest({ url: URL_ }))).rejects.toThrow(
      'no Azure access token within 50ms: the token has expired and getting a new one is still failing'
    )
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})
