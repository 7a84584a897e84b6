// Issue 11, items 3–6, through `node dist/index.js` against the emulator: managed-identity refreshes
// that are real, token endpoints that accept and never answer, CAE claims challenges, and a
// permanent Entra error. Each leg has an emulator of its own (and so, for managed identity, an
// IDENTITY_ENDPOINT of its own: msal-node binds a process to the first one it sees; each run of the
// action is its own process). Time is compressed 240x: a 60-minute token lives 15 s real.
import { describe, expect, it, type TestContext } from 'vitest'
import type { EmulatorOptions, StartedEmulator } from '../../emulator/src/index.js'
import type { Scenario } from '../../emulator/src/types.js'
import { withEmulator } from '../helpers/emulator.js'
import { type ActionRun, emulatorInputs, runAction } from '../helpers/run-action.js'

const HOUR = 3_600_000
const TEMPLATE = '__tests__/fixtures/e2e/small.json'

function options(duration: string, extra: Partial<Scenario> = {}): EmulatorOptions {
  return {
    timeScale: 240,
    tokenLifetime: '60m',
    oidcTokenLifetime: '20m',
    scenario: { seed: 11, durations: { byName: { 'small-pip': duration } }, ...extra }
  }
}

function deploy(
  e: StartedEmulator,
  auth: Record<string, string>,
  extra: { env?: Record<string, string>; inputs?: Record<string, string> } = {}
): Promise<ActionRun> {
  return runAction({
    emulator: e,
    env: extra.env ?? {},
    inputs: {
      ...emulatorInputs(e),
      ...auth,
      location: 'westeurope',
      'template-file': TEMPLATE,
      'poll-interval': '1',
      ...extra.inputs
    }
  })
}

const arm = (e: StartedEmulator) => e.requestLog().filter((r) => r.service === 'arm')
const warnings = (run: ActionRun) =>
  run.stdout.split('\n').filter((line) => line.startsWith('::warning'))

describe('managed identity: every refresh is a new token', () => {
  it.concurrent(
    'over 3 emulated hours with 60-minute tokens, zero 401s',
    async (ctx: TestContext) => {
      const e = await withEmulator(ctx, options('3h10m'))
      const run = await deploy(
        e,
        { 'auth-type': 'managed-identity', 'client-id': e.info.userAssignedIdentity.clientId },
        {
          env: {
            IDENTITY_ENDPOINT: e.info.identityEndpoint,
            IDENTITY_HEADER: e.info.identityHeader
          }
        }
      )
      expect(run.exitCode, run.stdout).toBe(0)
      expect(run.outputs['provisioning-state']).toBe('Succeeded')
      expect(e.clock.emulatedElapsed()).toBeGreaterThanOrEqual(3 * HOUR)
      const mi = e.requestLog().filter((r) => r.service === 'managed-identity')
      expect(mi.filter((r) => r.status !== 200)).toEqual([])
      const issued = mi.map((r) => r.tokenId)
      // Every request got a token of its own, and every counted refresh is one of them.
      expect(new Set(issued).size).toBe(issued.length)
      const refreshes = Number(run.outputs['token-refreshes'])
      expect(refreshes).toBeGreaterThanOrEqual(3)
      expect(refreshes).toBe(issued.length - 1)
      expect(run.stdout).not.toContain('got no new token')
      // ARM saw only tokens from the identity endpoint, at least one per hour, and refused none.
      const presented = new Set(arm(e).map((r) => r.tokenId))
      for (const id of presented) expect(issued).toContain(id)
      expect(presented.size).toBeGreaterThanOrEqual(4)
      expect(arm(e).filter((r) => r.status === 401)).toEqual([])
    }
  )
})

describe('managed identity: msal-node’s static cache cannot answer a refresh', () => {
  // 24-hour tokens live 6 min real at 240x: longer than msal's 5-minute (real) renewal margin, so
  // msal's shared cache would answer every refresh with the old token (a ManagedIdentityCredential
  // does). Timer refreshes every 15 s real must each bring a token the endpoint minted.
  it.concurrent('timer refreshes with long-lived tokens: each one a new token', async (ctx) => {
    const e = await withEmulator(ctx, { ...options('3h'), tokenLifetime: '24h' })
    const run = await deploy(
      e,
      { 'auth-type': 'managed-identity', 'client-id': '' }, // system-assigned
      {
        env: { IDENTITY_ENDPOINT: e.info.identityEndpoint, IDENTITY_HEADER: e.info.identityHeader },
        inputs: { 'token-refresh-interval': '15s' }
      }
    )
    expect(run.exitCode, run.stdout).toBe(0)
    const issued = e
      .requestLog()
      .filter((r) => r.service === 'managed-identity' && r.status === 200)
      .map((r) => r.tokenId)
    const refreshes = Number(run.outputs['token-refreshes'])
    expect(refreshes).toBeGreaterThanOrEqual(2)
    expect(new Set(issued).size).toBe(refreshes + 1)
    expect(new Set(arm(e).map((r) => r.tokenId)).size).toBe(refreshes + 1)
    expect(run.stdout).not.toContain('got no new token')
  })
})

describe('a token endpoint that accepts the connection and never answers', () => {
  it.concurrent('for the refresh and two retries: the run recovers', async (ctx) => {
    const e = await withEmulator(
      ctx,
      options('2h', { faults: [{ kind: 'token-endpoint-hang', from: '30m', count: 3 }] })
    )
    const started = Date.now()
    const run = await deploy(e, { 'client-secret': e.info.clientSecret })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    const hung = e.requestLog().filter((r) => r.fault === 'token-endpoint-hang')
    // The refresh and two retries hung (the token expired meanwhile, ARM calls waited within their
    // deadline); the fourth attempt got a token.
    expect(hung).toHaveLength(3)
    expect(run.stdout).toMatch(
      /token refresh failed \(the token endpoint did not answer within 2s\)/
    )
    // 2 emulated hours are 30 s real; the hangs cost seconds, not the run.
    expect(Date.now() - started).toBeLessThan(90_000)
  })

  it.concurrent('for good: the run ends by `timeout`, not never', async (ctx) => {
    const e = await withEmulator(
      ctx,
      options('10h', { faults: [{ kind: 'token-endpoint-hang', from: '30m' }] })
    )
    const started = Date.now()
    const run = await deploy(
      e,
      { 'client-secret': e.info.clientSecret },
      { inputs: { timeout: '40s' } }
    )
    const took = Date.now() - started
    expect(run.exitCode).toBe(1)
    // The poll in flight at the deadline may wait its token-wait (10 s) more; then it ends.
    expect(run.errors.join('\n')).toMatch(
      /Gave up waiting for deployment \S+ after \d+s \(input 'timeout'\); it is still running in Azure/
    )
    expect(took).toBeLessThan(40_000 + 25_000)
    expect(e.requestLog().filter((r) => r.fault === 'token-endpoint-hang').length).toBeGreaterThan(
      0
    )
  })
})

describe('continuous access evaluation', () => {
  it.concurrent(
    'a claims challenge gets a token with the claims, and the run goes on',
    async (ctx) => {
      const e = await withEmulator(
        ctx,
        options('2h', {
          faults: [{ kind: 'claims-challenge', from: '20m', pathContains: '/deployments' }]
        })
      )
      const run = await deploy(e, { 'client-secret': e.info.clientSecret })
      expect(run.exitCode, run.stdout).toBe(0)
      expect(run.outputs['provisioning-state']).toBe('Succeeded')
      // One challenge: answered with the claims, and later tokens ask for them too.
      const refused = arm(e).filter((r) => r.status === 401)
      expect(refused).toHaveLength(1)
      expect(refused[0]?.errorCode).toBe('InvalidAuthenticationToken')
      expect(run.stdout).toContain('with a claims challenge (continuous access evaluation)')
      expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(2)
    }
  )
})

describe('a permanent Entra error', () => {
  it.concurrent('is warned once with what to fix, then retried slowly', async (ctx) => {
    const e = await withEmulator(
      ctx,
      options('2h', {
        // The first refresh (about 54 minutes after the first token) and its first retry are
        // refused; the next retry, 2 emulated minutes later, is before the token expires.
        faults: [{ kind: 'entra-error', code: 'AADSTS700213', from: '30m', count: 2 }]
      })
    )
    const run = await deploy(e, { 'auth-type': 'oidc' })
    expect(run.exitCode, run.stdout).toBe(0)
    const refused = e.requestLog().filter((r) => r.errorCode === 'AADSTS700213')
    expect(refused).toHaveLength(2)
    const about = warnings(run).filter((w) => w.includes('AADSTS700213'))
    expect(about).toHaveLength(1)
    expect(about[0]).toContain(
      "its subject must be exactly 'repo:contoso/landing-zone:ref:refs/heads/main'"
    )
    expect(about[0]).toContain(
      'a job with `environment:` presents repo:OWNER/REPO:environment:NAME'
    )
    // The other attempts are plain log lines.
    expect(
      run.stdout
        .split('\n')
        .filter((l) => /^token refresh failed \(Entra answered AADSTS700213\)/.test(l))
    ).toHaveLength(refused.length - 1)
    expect(arm(e).filter((r) => r.status === 401)).toEqual([])
  })
})
