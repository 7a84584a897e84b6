import { afterEach, describe, expect, it } from 'vitest'
import { createCredentialFactory } from '../../../src/auth/credential-factory.js'
import { GitHubIdTokenCache } from '../../../src/auth/github-id-token.js'
import { TokenAcquisitionError } from '../../../src/auth/token-errors.js'
import { TokenRefresher } from '../../../src/auth/token-refresher.js'
import { resolveCloud } from '../../../src/azure/cloud.js'
import { FakeClock, FakeIssuer, FakeLogger, fakeJwt } from '../../helpers/fakes.js'

const MIN = 60_000
const SCOPE = 'https://management.azure.com/.default'
let refresher: TokenRefresher | undefined

afterEach(() => refresher?.stop())

function setup(opts: { lifetimeMs?: number; intervalMs?: number; retryDelayMs?: number } = {}) {
  const clock = new FakeClock()
  const logger = new FakeLogger()
  const issuer = new FakeIssuer(clock, opts.lifetimeMs ?? 60 * MIN)
  refresher = new TokenRefresher({
    createCredential: issuer.createCredential,
    scope: SCOPE,
    authType: 'oidc',
    refreshIntervalMs: opts.intervalMs ?? 45 * MIN,
    logger,
    clock,
    random: () => 0.5,
    ...(opts.retryDelayMs === undefined ? {} : { retryDelayMs: opts.retryDelayMs })
  })
  return { clock, logger, issuer, refresher }
}

const entraDown = () =>
  new Error('ClientAssertionCredential authentication failed: 503 Service Unavailable')

describe('TokenRefresher', () => {
  it('acquires the first token on start and refreshes when the interval fires', async () => {
    const { clock, logger, issuer, refresher } = setup()
    await refresher.start()
    expect((await refresher.getToken()).token).toBe('tok-1-secretvalue')
    expect(refresher.refreshCount).toBe(0)
    await clock.advance(45 * MIN - 1)
    expect(issuer.issued).toHaveLength(1)
    await clock.advance(1)
    expect(issuer.issued).toHaveLength(2)
    expect(issuer.credentialsCreated).toBe(2) // a fresh credential, so MSAL's cache cannot answer
    expect(refresher.refreshCount).toBe(1)
    expect((await refresher.getToken()).token).toBe('tok-2-secretvalue')
    expect(logger.at('info')[1]).toBe(
      'Azure access token refreshed (timer) at 2026-01-01T00:45:00.000Z: valid until ' +
        '2026-01-01T01:45:00.000Z (3600s), next refresh at 2026-01-01T01:30:00.000Z (timer), refresh #1'
    )
  })

  it('refreshes before expiry with a margin of 10 % of the lifetime when the interval is longer', async () => {
    const { clock, logger, issuer, refresher } = setup({ intervalMs: 6 * 60 * MIN })
    await refresher.start()
    expect(logger.at('info')[0]).toContain('next refresh at 2026-01-01T00:54:00.000Z (expiry)')
    await clock.advance(54 * MIN)
    expect(issuer.issued).toHaveLength(2)
    expect(logger.at('info')[1]).toContain('refreshed (expiry)')
  })

  it('behaves the same with compressed 60-second tokens: refresh at 54 s, 3 refreshes in 3 minutes', async () => {
    const { clock, issuer, refresher } = setup({ lifetimeMs: 60_000, intervalMs: 45_000 })
    await refresher.start()
    await clock.advance(44_999)
    expect(issuer.issued).toHaveLength(1)
    await clock.advance(1)
    expect(issuer.issued).toHaveLength(2)
    await clock.advance(90_000)
    expect(refresher.refreshCount).toBe(3)
    expect(issuer.credentialsCreated).toBe(4)
  })

  it('forceRefresh gets a new token at once, once for concurrent callers, and restarts the schedule', async () => {
    const { clock, logger, issuer, refresher } = setup()
    await refresher.start()
    await clock.advance(30 * MIN)
    const [a, b] = await Promise.all([
      refresher.forceRefresh('401 ExpiredAuthenticationToken'),
      refresher.forceRefresh('401 ExpiredAuthenticationToken')
    ])
    expect(a.token).toBe('tok-2-secretvalue')
    expect(b).toBe(a)
    expect(refresher.refreshCount).toBe(1)
    expect(logger.at('info')[1]).toContain('refreshed (401 ExpiredAuthenticationToken)')
    expect(logger.at('info')[1]).toContain('next refresh at 2026-01-01T01:15:00.000Z (timer)')
    await clock.advance(44 * MIN)
    expect(issuer.issued).toHaveLength(2) // the old 00:45 timer did not fire
    await clock.advance(1 * MIN)
    expect(issuer.issued).toHaveLength(3)
  })

  it('keeps the valid token and retries with backoff while Entra is down, then recovers', async () => {
    const { clock, logger, issuer, refresher } = setup()
    await refresher.start()
    issuer.failing = entraDown
    await clock.advance(45 * MIN)
    expect(logger.at('warning')[0]).toBe(
      'token refresh failed (ClientAssertionCredential authentication failed: 503 Service Unavailable), ' +
        'retrying in 20s; current token valid until 2026-01-01T01:00:00.000Z'
    )
    await clock.advance(5 * MIN)
    // Callers still get the old token and never wait.
    expect((await refresher.getToken()).token).toBe('tok-1-secretvalue')
    const warnings = logger.at('warning').length
    expect(warnings).toBeGreaterThanOrEqual(4)
    expect(warnings).toBeLessThanOrEqual(8)
    issuer.failing = undefined
    await clock.advance(3 * MIN)
    expect((await refresher.getToken()).token).toBe('tok-2-secretvalue')
    expect(refresher.refreshCount).toBe(1)
  })

  it('a token in its last seconds (1 % of its lifetime, at most 30 s) is not handed out: it could expire in flight', async () => {
    const { clock, issuer, refresher } = setup()
    await refresher.start()
    issuer.failing = entraDown
    await clock.advance(60 * MIN - 10_000) // 10 s before exp, every refresh so far failed
    const pending = refresher.getToken().then((t) => t.token)
    issuer.failing = undefined
    await clock.advance(MIN)
    expect(await pending).not.toBe('tok-1-secretvalue')
  })

  it('fails callers only after the token has expired and acquisition keeps failing', async () => {
    const { clock, issuer, refresher } = setup()
    await refresher.start()
    issuer.failing = () => new Error('AADSTS7000222: The provided client secret keys are expired.')
    await clock.advance(60 * MIN + 1)
    const pending = refresher.getToken().catch((e: unknown) => e)
    await clock.advance(10 * MIN)
    const error = await pending
    expect(error).toBeInstanceOf(TokenAcquisitionError)
    expect((error as TokenAcquisitionError).message).toContain(
      'Could not get an Azure access token (auth-type oidc, scope https://management.azure.com/.default): ' +
        'the current token has expired or was refused by ARM, and Entra answered AADSTS7000222'
    )
    // Once Entra is back, the next call recovers (it may join a retry that is backing off).
    issuer.failing = undefined
    const next = refresher.getToken()
    await clock.advance(3 * MIN)
    expect((await next).token).toMatch(/^tok-\d+-secretvalue$/)
  })

  it('start() fails at once on an Entra error, naming the auth type and the code', async () => {
    const { issuer, refresher } = setup()
    issuer.failing = () =>
      new Error('AADSTS700016: Application with identifier was not found in the directory.')
    await expect(refresher.start()).rejects.toThrow(
      'Could not get an Azure access token (auth-type oidc, scope https://management.azure.com/.default): ' +
        'Entra answered AADSTS700016: AADSTS700016: Application with identifier was not found in the directory.'
    )
    expect(issuer.credentialsCreated).toBe(1)
  })

  it('start() retries a transient failure', async () => {
    const { clock, logger, issuer, refresher } = setup()
    issuer.failing = entraDown
    const started = refresher.start()
    await clock.advance(1)
    issuer.failing = undefined
    await clock.advance(5_000)
    await started
    expect(logger.at('warning')).toHaveLength(1)
    expect(refresher.expiresOnTimestamp).toBeDefined()
  })

  it('start() retries AADSTS700024, since a new attempt carries a new assertion', async () => {
    const { clock, logger, issuer, refresher } = setup()
    issuer.failing = () =>
      new Error('AADSTS700024: Client assertion is not within its valid time range.')
    const started = refresher.start()
    await clock.advance(1)
    issuer.failing = undefined
    await clock.advance(5_000)
    await started
    expect(logger.at('warning')[0]).toContain('attempt 1/3: AADSTS700024')
    expect(issuer.credentialsCreated).toBe(2)
  })

  it('AADSTS700024 (OIDC): the next attempt carries a newly minted ID token, not the cached dead one', async () => {
    const clock = new FakeClock()
    let mints = 0
    const idTokens = new GitHubIdTokenCache({
      provider: () => Promise.resolve(fakeJwt(clock.now(), 5 * MIN, `jti${++mints}`)),
      audience: 'api://AzureADTokenExchange',
      logger: new FakeLogger(),
      clock
    })
    const sent: string[] = []
    // Entra refuses the first assertion (a runner clock skewed past its time range).
    const createCredential = () => ({
      getToken: async () => {
        const assertion = await idTokens.getIdToken()
        sent.push(assertion)
        if (sent.length === 1)
          throw new Error('AADSTS700024: Client assertion is not within its valid time range.')
        return { token: 'access', expiresOnTimestamp: clock.now() + 60 * MIN }
      }
    })
    refresher = new TokenRefresher({
      createCredential,
      invalidateAssertion: () => idTokens.invalidate(),
      scope: SCOPE,
      authType: 'oidc',
      refreshIntervalMs: 45 * MIN,
      logger: new FakeLogger(),
      clock,
      random: () => 0.5
    })
    const started = refresher.start()
    await clock.advance(5_000)
    await started
    expect(sent).toHaveLength(2)
    expect(sent[1]).not.toBe(sent[0])
    expect(idTokens.mintCount).toBe(2)
  })

  it('the OIDC credential factory exposes invalidateAssertion (the others have no assertion to drop)', () => {
    const cloud = resolveCloud('azureCloud')
    const deps = { idTokens: () => Promise.resolve('x.y.z'), logger: new FakeLogger() }
    const oidc = { type: 'oidc', clientId: 'c', tenantId: 't', audience: 'a' } as const
    expect(createCredentialFactory(oidc, cloud, deps).invalidateAssertion).toBeTypeOf('function')
    const secret = { type: 'secret', clientId: 'c', tenantId: 't', clientSecret: 's' } as const
    expect(createCredentialFactory(secret, cloud, deps).invalidateAssertion).toBeUndefined()
  })

  it('a token ARM refused is not used again while Entra is down: callers get the error', async () => {
    const { clock, issuer, refresher } = setup()
    await refresher.start()
    await clock.advance(10 * MIN)
    issuer.failing = entraDown
    const forced = refresher.forceRefresh('401 InvalidAuthenticationToken').catch((e: unknown) => e)
    await clock.advance(10 * MIN)
    expect(String(await forced)).toContain(
      'the current token has expired or was refused by ARM, and ClientAssertionCredential authentication failed: 503'
    )
    issuer.failing = undefined
    const next = refresher.getToken()
    await clock.advance(3 * MIN)
    expect((await next).token).toBe('tok-2-secretvalue')
  })

  it('stop() ends the schedule', async () => {
    const { clock, issuer, refresher } = setup()
    await refresher.start()
    refresher.stop()
    await clock.advance(5 * 60 * MIN)
    expect(issuer.issued).toHaveLength(1)
    expect(clock.pendingSleeps).toBe(0)
  })

  it('never logs a token', async () => {
    const { clock, logger, issuer, refresher } = setup({ lifetimeMs: 60_000, intervalMs: 45_000 })
    await refresher.start()
    await clock.advance(30_000)
    await refresher.forceRefresh('401 test')
    issuer.failing = entraDown
    await clock.advance(3 * 60_000)
    expect(logger.lines.length).toBeGreaterThan(3)
    expect(logger.text).not.toContain('secretvalue')
    expect(logger.text).not.toMatch(/tok-\d/)
  })

  it('is a TokenCredential for the ARM scope only', async () => {
    const { refresher } = setup()
    await refresher.start()
    expect((await refresher.getToken(SCOPE)).token).toBe('tok-1-secretvalue')
    await expect(refresher.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(
      'TokenRefresher holds tokens for https://management.azure.com/.default'
    )
  })
})
