import { ClientAssertionCredential } from '@azure/identity'
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { ID_TOKEN_PERMISSION_HINT } from '../../../src/auth/github-id-token.js'
import {
  GitHubIdTokenCache,
  MissingIdTokenPermissionError
} from '../../../src/auth/github-id-token.js'
import { FakeClock, FakeLogger, fakeJwt } from '../../helpers/fakes.js'

const FIVE_MIN = 5 * 60_000

function setup(lifetimeMs = FIVE_MIN) {
  const clock = new FakeClock()
  const logger = new FakeLogger()
  const minted: string[] = []
  let failures: Error[] = []
  const provider = async (audience: string): Promise<string> => {
    expect(audience).toBe('api://AzureADTokenExchange')
    const failure = failures.shift()
    if (failure) throw failure
    const token = fakeJwt(clock.now(), lifetimeMs, `jti${minted.length + 1}`)
    minted.push(token)
    return token
  }
  const cache = new GitHubIdTokenCache({
    provider,
    audience: 'api://AzureADTokenExchange',
    logger,
    clock,
    random: () => 0.5
  })
  return { clock, logger, minted, cache, fail: (...e: Error[]) => (failures = e) }
}

describe('GitHubIdTokenCache', () => {
  it('reuses a 5-minute token until 61 s before its exp, then mints a new one', async () => {
    const { clock, minted, cache } = setup()
    const first = await cache.getIdToken()
    await clock.advance(3 * 60_000 + 58_999) // just before exp - 60 s - 1 s (whole-second claims)
    expect(await cache.getIdToken()).toBe(first)
    expect(minted).toHaveLength(1)
    await clock.advance(1_000) // exp - 60 s
    const second = await cache.getIdToken()
    expect(second).not.toBe(first)
    expect(minted).toHaveLength(2)
    expect(cache.mintCount).toBe(2)
  })

  it('scales the margin to the lifetime: a 30-second token is reused for 30 - 6 - 1 = 23 s', async () => {
    const { clock, minted, cache } = setup(30_000)
    await cache.getIdToken()
    await clock.advance(22_999)
    await cache.getIdToken()
    expect(minted).toHaveLength(1)
    await clock.advance(1)
    await cache.getIdToken()
    expect(minted).toHaveLength(2)
  })

  it('shares one in-flight mint between concurrent callers', async () => {
    const { minted, cache } = setup()
    const tokens = await Promise.all([cache.getIdToken(), cache.getIdToken(), cache.getIdToken()])
    expect(new Set(tokens).size).toBe(1)
    expect(minted).toHaveLength(1)
  })

  it('retries an OIDC endpoint 5xx with exponential backoff, one warning per attempt, no token logged', async () => {
    const { clock, logger, minted, cache, fail } = setup()
    const err = (code: number) =>
      new Error(`Error message: Failed to get ID Token. \n Error Code : ${code}\n Error Message: x`)
    fail(err(503), err(500), err(502))
    const pending = cache.getIdToken()
    await clock.advance(60_000)
    const token = await pending
    expect(minted).toEqual([token])
    // random 0.5 → no jitter: 1.5 s, 3 s, 6 s
    expect(logger.at('warning')).toEqual([
      'GitHub ID token request failed (attempt 1/6: Error message: Failed to get ID Token. Error Code : 503 Error Message: x), retrying in 1.5s',
      'GitHub ID token request failed (attempt 2/6: Error message: Failed to get ID Token. Error Code : 500 Error Message: x), retrying in 3s',
      'GitHub ID token request failed (attempt 3/6: Error message: Failed to get ID Token. Error Code : 502 Error Message: x), retrying in 6s'
    ])
    expect(logger.text).not.toContain(token)
    expect(logger.text).not.toContain('eyJ')
  })

  it('a retry wait ends at once when its signal aborts (the session closed)', async () => {
    const clock = new FakeClock()
    const closed = new AbortController()
    const cache = new GitHubIdTokenCache({
      provider: () => Promise.reject(new Error('Error Code : 503')),
      audience: 'api://AzureADTokenExchange',
      logger: new FakeLogger(),
      clock,
      signal: closed.signal
    })
    const pending = cache.getIdToken().then(
      () => 'resolved',
      () => 'rejected'
    )
    await clock.advance(0) // the first attempt failed; the cache sleeps before the next
    closed.abort()
    // No time passes: only the signal can end the wait.
    expect(await pending).toBe('rejected')
  })

  it('gives up after maxAttempts and does not retry a 403', async () => {
    const { clock, cache, fail } = setup()
    fail(new Error('Error Code : 403\n Error Message: forbidden'))
    await expect(cache.getIdToken()).rejects.toThrow(
      'could not get a GitHub OIDC ID token: Error Code : 403 Error Message: forbidden'
    )
    fail(...Array.from({ length: 6 }, () => new Error('Error Code : 503')))
    const pending = cache.getIdToken().catch((e: unknown) => e)
    await clock.advance(10 * 60_000)
    expect(String(await pending)).toContain('after 6 attempts: Error Code : 503')
  })

  it('says exactly what to add when the runner offers no ID token, without retrying', async () => {
    const logger = new FakeLogger()
    const cache = new GitHubIdTokenCache({
      provider: () => Promise.reject(new MissingIdTokenPermissionError()),
      audience: 'api://AzureADTokenExchange',
      logger
    })
    await expect(cache.getIdToken()).rejects.toThrow(ID_TOKEN_PERMISSION_HINT)
    expect(ID_TOKEN_PERMISSION_HINT).toContain(
      'add `permissions: id-token: write` to the workflow or job'
    )
    expect(logger.at('warning')).toEqual([])
  })

  it('turns core.getIDToken missing its env variable into the same hint', async () => {
    const { cache, fail, logger } = setup()
    fail(new Error('Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'))
    await expect(cache.getIdToken()).rejects.toThrow(ID_TOKEN_PERMISSION_HINT)
    expect(logger.at('warning')).toEqual([])
  })

  it('mints once for the two assertions a real ClientAssertionCredential asks for per getToken', async () => {
    const { minted, cache } = setup()
    const assertions: string[] = []
    const authority = 'https://login.example.test'
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    const httpClient: HttpClient = {
      async sendRequest(request: PipelineRequest) {
        const url = new URL(request.url)
        const json = (body: object) => ({
          request,
          status: 200,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: JSON.stringify(body)
        })
        if (url.pathname.endsWith('/.well-known/openid-configuration')) {
          return json({
            issuer: `${authority}/${tenant}/v2.0`,
            authorization_endpoint: `${authority}/${tenant}/oauth2/v2.0/authorize`,
            token_endpoint: `${authority}/${tenant}/oauth2/v2.0/token`,
            jwks_uri: `${authority}/${tenant}/discovery/v2.0/keys`,
            end_session_endpoint: `${authority}/${tenant}/oauth2/v2.0/logout`
          })
        }
        const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '')
        assertions.push(form.get('client_assertion') ?? '')
        return json({
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: `at${assertions.length}`
        })
      }
    }
    const getAssertion = async () => {
      calls++
      return cache.getIdToken()
    }
    let calls = 0
    for (let i = 0; i < 3; i++) {
      // A fresh credential each time, as the token refresher builds them.
      const credential = new ClientAssertionCredential(
        tenant,
        '00000000-0000-0000-0000-000000000001',
        getAssertion,
        {
          authorityHost: authority,
          disableInstanceDiscovery: true,
          httpClient
        }
      )
      await credential.getToken('https://management.azure.com/.default')
    }
    expect(assertions).toHaveLength(3)
    expect(calls).toBe(6) // twice per getToken, as issue #3 says
    expect(minted).toHaveLength(1)
    expect(new Set(assertions)).toEqual(new Set(minted))
  })
})
