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

/**
 * A credential whose answers the test scripts: `same` answers the token of the previous getToken
 * (a source's own cache), `hang` never answers, `fail` throws; otherwise a new token. Records the
 * claims and request timeout each acquisition asked for.
 */
class ScriptedSource {
  issued: string[] = []
  claims: Array<string | undefined> = []
  timeouts: Array<number | undefined> = []
  mode: 'new' | 'same' | 'hang' = 'new'
  fail?: () => Error
  constructor(
    private readonly clock: FakeClock,
    private readonly lifetimeMs = 60 * MIN
  ) {}
  createCredential = (o?: { requestTimeoutMs?: number }) => {
    this.timeouts.push(o?.requestTimeoutMs)
    return {
      getToken: async (_scopes: string | string[], options?: { claims?: string }) => {
        this.claims.push(options?.claims)
        if (this.mode === 'hang') return new Promise<never>(() => {})
        if (this.fail) throw this.fail()
        if (this.mode === 'new' || this.issued.length === 0) {
          this.issued.push(`tok-${this.issued.length + 1}-secretvalue`)
        }
        return {
          token: this.issued.at(-1) ?? '',
          expiresOnTimestamp: this.clock.now() + this.lifetimeMs
        }
      }
    }
  }
}

function scripted(
  opts: { authType?: 'managed-identity' | 'azure-cli' | 'oidc'; renewWindowMs?: number } = {}
) {
  const clock = new FakeClock()
  const logger = new FakeLogger()
  const source = new ScriptedSource(clock)
  refresher = new TokenRefresher({
    createCredential: source.createCredential,
    scope: SCOPE,
    authType: opts.authType ?? 'managed-identity',
    refreshIntervalMs: 15 * MIN,
    logger,
    clock,
    random: () => 0.5,
    ...(opts.renewWindowMs === undefined ? {} : { renewWindowMs: opts.renewWindowMs })
  })
  return { clock, logger, source, refresher }
}

describe('TokenRefresher: refreshes that are real', () => {
  it('the same token again is no refresh: not counted, not accepted, said once; a new one is', async () => {
    const { clock, logger, source, refresher } = scripted()
    await refresher.start()
    source.mode = 'same'
    await clock.advance(15 * MIN) // timer: the source answers from its cache
    await clock.advance(5 * MIN) // and again on every retry
    expect(refresher.refreshCount).toBe(0)
    expect(source.timeouts.length).toBeGreaterThan(3)
    const warnings = logger.at('warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toBe(
      'token refresh got no new token (the credential returned the token we already hold), retrying in 20s; ' +
        'current token valid until 2026-01-01T01:00:00.000Z. The managed-identity source answers from its own ' +
        'cache; such an answer is not counted as a refresh'
    )
    expect(
      logger.at('info').filter((l) => l.startsWith('token refresh got no new token'))
    ).not.toEqual([])
    source.mode = 'new'
    await clock.advance(3 * MIN)
    expect(refresher.refreshCount).toBe(1)
    expect((await refresher.getToken()).token).toBe('tok-2-secretvalue')
    expect(JSON.stringify(logger.lines)).not.toContain('tok-1-secretvalue')
  })

  it('a forced refresh after a 401 that returns the refused token never hands it out again', async () => {
    const { clock, source, refresher } = scripted()
    await refresher.start()
    await clock.advance(10 * MIN)
    source.mode = 'same'
    const forced = refresher.forceRefresh('401 InvalidAuthenticationToken').catch((e: unknown) => e)
    await clock.advance(10 * MIN)
    const error = await forced
    expect(error).toBeInstanceOf(TokenAcquisitionError)
    expect(String(error)).toContain(
      'the current token has expired or was refused by ARM, and the credential returned the token ARM refused again'
    )
    expect(refresher.refreshCount).toBe(0)
    // Still refused: callers wait for a new token instead of getting the refused one.
    const next = refresher.getToken()
    source.mode = 'new'
    await clock.advance(1 * MIN)
    expect((await next).token).toBe('tok-2-secretvalue')
    expect(refresher.refreshCount).toBe(1)
  })

  it('every acquisition has a deadline: a token endpoint that never answers is given up on and retried', async () => {
    const { clock, logger, source, refresher } = scripted()
    await refresher.start()
    expect(source.timeouts).toEqual([30_000]) // before the first token: 30 s
    source.mode = 'hang'
    await clock.advance(15 * MIN + 30_000)
    expect(logger.at('warning')[0]).toBe(
      'token refresh failed (the token endpoint did not answer within 30s), retrying in 20s; ' +
        'current token valid until 2026-01-01T01:00:00.000Z'
    )
    expect(source.timeouts.at(-1)).toBe(30_000) // lifetime / 120 for a 60-minute token
    source.mode = 'new'
    await clock.advance(2 * MIN)
    expect(refresher.refreshCount).toBe(1)
  })

  it('the deadline scales with compressed lifetimes (lifetime / 120, at least 2 s)', async () => {
    const clock = new FakeClock()
    const source = new ScriptedSource(clock, 60_000)
    refresher = new TokenRefresher({
      createCredential: source.createCredential,
      scope: SCOPE,
      authType: 'secret',
      refreshIntervalMs: 45_000,
      logger: new FakeLogger(),
      clock
    })
    await refresher.start()
    await clock.advance(45_000)
    expect(source.timeouts).toEqual([30_000, 2_000])
  })

  it('a permanent Entra error is warned once with the fix, then retried slowly with info lines', async () => {
    const { clock, logger, source, refresher } = scripted({ authType: 'oidc' })
    await refresher.start()
    source.fail = () =>
      new Error(
        "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:environment:prod'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion."
      )
    await clock.advance(15 * MIN)
    await clock.advance(30 * MIN)
    const warnings = logger.at('warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(
      'token refresh failed (Entra answered AADSTS700213), retrying in 120s; current token valid until 2026-01-01T01:00:00.000Z. ' +
        "This does not heal by itself: no federated credential of the app registration matches the GitHub ID token: its subject must be exactly 'repo:contoso/app:environment:prod'"
    )
    expect(warnings[0]).toContain(
      'a job with `environment:` presents repo:OWNER/REPO:environment:NAME'
    )
    // Slowly: every 120 s (the backoff's cap), not every 20 s.
    const attempts = source.claims.length - 1
    expect(attempts).toBeGreaterThanOrEqual(10)
    expect(attempts).toBeLessThanOrEqual(17)
    expect(logger.at('info').filter((l) => l.includes('Entra answered AADSTS700213'))).toHaveLength(
      attempts - 1
    )
  })

  it('a CAE challenge’s claims go with the forced refresh and every later acquisition', async () => {
    const { clock, source, refresher } = scripted()
    await refresher.start()
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}'
    const token = await refresher.forceRefresh('401 InvalidAuthenticationToken', claims)
    expect(token.token).toBe('tok-2-secretvalue')
    expect(refresher.requestedClaims).toBe(claims)
    await clock.advance(15 * MIN)
    expect(source.claims).toEqual([undefined, claims, claims])
  })

  it('a claims challenge the credential cannot answer (az CLI) fails at once with its words', async () => {
    const { source, refresher } = scripted({ authType: 'azure-cli' })
    await refresher.start()
    source.fail = () =>
      Object.assign(
        new Error(
          "This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command: az login --claims-challenge eyJ9 --scope https://management.azure.com/.default"
        ),
        { name: 'CredentialUnavailableError' }
      )
    await expect(refresher.forceRefresh('401', '{"access_token":{}}')).rejects.toThrow(
      /auth-type azure-cli.*az login --claims-challenge eyJ9 --scope/
    )
    expect(source.claims).toHaveLength(2)
  })

  it('az CLI: refreshes only inside its 5-minute renewal window, no timer', async () => {
    const { clock, logger, source, refresher } = scripted({
      authType: 'azure-cli',
      renewWindowMs: 5 * MIN
    })
    await refresher.start()
    expect(logger.at('info')[0]).toBe(
      "auth-type azure-cli hands out a new token only in the last 5m of the old one's life: the token " +
        'is re-read then, token-refresh-interval does not apply'
    )
    expect(logger.at('info')[1]).toContain('next refresh at 2026-01-01T00:56:00.000Z (expiry)')
    await clock.advance(56 * MIN - 1)
    expect(source.issued).toHaveLength(1)
    await clock.advance(1)
    expect(source.issued).toHaveLength(2)
    expect(refresher.refreshCount).toBe(1)
  })
})
