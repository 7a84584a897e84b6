// The auth pipeline end to end against the emulator: real @azure/identity credentials (secret,
// certificate, GitHub OIDC through @actions/core's getIDToken) feeding the TokenRefresher, whose
// token the real DeploymentsClient sends through useRefresherAuth. Time is compressed 600x with
// 60-minute access tokens; the run lasts several emulated hours, with tokens revoked at 30m and the
// token endpoint down from 50m to 60m. ID tokens live 50 emulated minutes (5 s real): a 5-minute one
// would live 0.5 s real, less than a loaded machine may take between the mint and the token POST
// (the emulator enforces exp exactly). Real 5-minute ID tokens: e2e/oidc-mints.test.ts at 60x.
import { readFileSync } from 'node:fs'
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startEmulator, type Fault, type StartedEmulator } from '../../emulator/src/index.js'
import { createCredentialFactory } from '../../src/auth/credential-factory.js'
import { coreIdTokens } from '../../src/runtime/core-adapter.js'
import { useRefresherAuth } from '../../src/azure/arm-auth-policy.js'
import { TokenRefresher } from '../../src/auth/token-refresher.js'
import type { AuthSettings, CloudSettings } from '../../src/settings/settings.js'
import { FakeLogger } from '../helpers/fakes.js'
import { stopAndCheckEmulator } from '../helpers/emulator.js'

const TIME_SCALE = 600
const MIN = 60_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let emulator: StartedEmulator | undefined
let refresher: TokenRefresher | undefined
// @actions/core's getIDToken registers each ID token with `::add-mask::` (and logs `::debug::`) on
// stdout; in this in-process test that would print every token into the test log, so workflow
// command lines are dropped.
beforeEach(() => {
  const write = process.stdout.write.bind(process.stdout)
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) =>
    String(chunk).startsWith('::') ? true : write(chunk, ...(rest as []))
  )
})
afterEach(async () => {
  vi.restoreAllMocks()
  refresher?.stop()
  if (emulator) await stopAndCheckEmulator(emulator, 'auth-refresh')
  emulator = undefined
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
})

const REVOKE_AND_OUTAGE: Fault[] = [
  { kind: 'revoke-tokens', at: '30m' },
  { kind: 'token-endpoint-down', from: '50m', for: '10m' }
]

interface RunOptions {
  faults?: Fault[]
  timeScale?: number
  oidcTokenLifetime?: string
  /** Emulated minutes between scheduled refreshes. */
  refreshEveryMinutes?: number
}

async function runFor(kind: AuthSettings['type'], emulatedMs: number, options: RunOptions = {}) {
  const { faults = REVOKE_AND_OUTAGE, refreshEveryMinutes = 20 } = options
  emulator = await startEmulator({
    port: 0,
    timeScale: options.timeScale ?? TIME_SCALE,
    tokenLifetime: '60m',
    oidcTokenLifetime: options.oidcTokenLifetime ?? '50m',
    scenario: { faults }
  })
  const { info, clock } = emulator
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = info.oidcRequestUrl
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = info.oidcRequestToken
  const cloud: CloudSettings = {
    name: 'custom',
    resourceManagerEndpoint: info.armEndpoint,
    authorityHost: info.authorityHost,
    armScope: `${info.armEndpoint}/.default`,
    portalUrl: 'https://portal.azure.com'
  }
  const ids = { tenantId: info.tenantId, clientId: info.clientId }
  const auth: AuthSettings =
    kind === 'secret'
      ? { type: 'secret', ...ids, clientSecret: info.clientSecret }
      : kind === 'certificate'
        ? {
            type: 'certificate',
            ...ids,
            certificatePem: readFileSync(info.certificatePath, 'utf8')
          }
        : { type: 'oidc', ...ids, audience: 'api://AzureADTokenExchange' }
  const logger = new FakeLogger()
  const createCredential = createCredentialFactory(auth, cloud, {
    idTokens: coreIdTokens,
    logger
  })
  refresher = new TokenRefresher({
    createCredential,
    scope: cloud.armScope,
    authType: auth.type,
    // By default 20 emulated minutes, so one scheduled refresh (at 50m) falls inside the outage.
    refreshIntervalMs: clock.toReal(refreshEveryMinutes * MIN),
    logger
  })
  await refresher.start().catch((error: unknown) => {
    throw new Error(`start failed; log:\n${logger.text}`, { cause: error })
  })
  const client = new DeploymentsClient(refresher, info.subscriptionId, {
    endpoint: info.armEndpoint,
    credentials: { scopes: [cloud.armScope] }
  })
  useRefresherAuth(client.pipeline, refresher, logger)

  // Poll ARM every emulated minute, as the deployment poller would.
  const failures: unknown[] = []
  let calls = 0
  while (clock.emulatedElapsed() < emulatedMs) {
    try {
      await client.deployments.listAtSubscriptionScope().next()
      calls++
    } catch (error) {
      failures.push(error)
    }
    await sleep(clock.toReal(MIN))
  }
  refresher.stop()
  return { emulator, logger, failures, calls, emulatedMs, refreshCount: refresher.refreshCount }
}

function expectSurvived(result: Awaited<ReturnType<typeof runFor>>) {
  const { emulator, logger, failures, calls, refreshCount } = result
  const log = emulator.requestLog()
  expect(failures).toEqual([])
  // About one call per emulated minute; fewer on a loaded machine, but ARM is used to the end.
  expect(calls).toBeGreaterThan(20)
  const last = log.filter((e) => e.service === 'arm' && e.status === 200).at(-1)
  expect(last?.emulatedMs).toBeGreaterThan(result.emulatedMs - 20 * MIN)
  expect(refreshCount).toBeGreaterThanOrEqual(3)

  // The revocation at 30m: exactly one ARM call refused, one forced refresh, the call retried.
  const refused = log.filter((e) => e.service === 'arm' && e.status === 401)
  expect(refused.map((e) => e.errorCode)).toEqual(['InvalidAuthenticationToken'])
  expect(logger.at('info').filter((l) => l.includes('refreshed (401 '))).toHaveLength(1)
  expect(log.some((e) => e.service === 'arm' && e.errorCode === 'ExpiredAuthenticationToken')).toBe(
    false
  )

  // The outage from 50m to 60m: refresh attempts failed and were retried while the token was valid.
  const downAt = log.filter((e) => e.service === 'entra' && e.fault === 'token-endpoint-down')
  expect(downAt.length).toBeGreaterThan(0)
  for (const e of downAt) {
    expect(e.emulatedMs).toBeGreaterThanOrEqual(50 * MIN)
    expect(e.emulatedMs).toBeLessThan(61 * MIN)
  }
  expect(logger.at('warning').some((w) => w.includes('current token valid until'))).toBe(true)
  expect(logger.at('error')).toEqual([])

  // No token or secret the emulator handed out ever reached our log.
  for (const secret of emulator.issuedSecrets()) expect(logger.text).not.toContain(secret)
  return log
}

describe('token refresh against the emulator', () => {
  it('OIDC: 3 emulated hours, every assertion unexpired, revocation and outage survived', async () => {
    const log = expectSurvived(await runFor('oidc', 180 * MIN))
    const tokenRequests = log.filter((e) => e.service === 'entra' && e.assertionValid !== undefined)
    expect(tokenRequests.length).toBeGreaterThanOrEqual(4)
    expect(tokenRequests.every((e) => e.credentialKind === 'federated')).toBe(true)
    expect(tokenRequests.filter((e) => !e.assertionValid)).toEqual([])
    // Each assertion named the ID token it carried, and it came from the OIDC endpoint (reuse
    // within an ID token's life: the unit test and e2e/oidc-mints.test.ts).
    const minted = new Set(
      log.filter((e) => e.service === 'oidc' && e.status === 200).map((e) => e.idTokenId)
    )
    for (const e of tokenRequests) expect(minted.has(e.idTokenId)).toBe(true)
  })

  it('OIDC: the GitHub OIDC endpoint answering 500 during a refresh is retried, no failure', async () => {
    // At 60x with real 5-minute ID tokens (5 s real; the cache renews one about 3 emulated minutes
    // after its mint) and a refresh every emulated minute, the OIDC endpoint fails from 5m to 10m:
    // the token minted before 5m is due by 8m, so a refresh in the window must mint.
    const { emulator, logger, failures, refreshCount } = await runFor('oidc', 14 * MIN, {
      faults: [{ kind: 'oidc-error', from: '5m', for: '5m', status: 500 }],
      timeScale: 60,
      oidcTokenLifetime: '5m',
      refreshEveryMinutes: 1
    })
    const log = emulator.requestLog()
    expect(failures).toEqual([])
    expect(refreshCount).toBeGreaterThanOrEqual(3)
    expect(log.filter((e) => e.service === 'oidc' && e.status === 500).length).toBeGreaterThan(0)
    const retries = logger
      .at('warning')
      .filter((w) => w.startsWith('GitHub ID token request failed'))
    expect(retries.length).toBeGreaterThan(0)
    expect(retries[0]).toMatch(/Error Code : 500 .*\), retrying in [\d.]+m?s$/)
    const tokenRequests = log.filter((e) => e.service === 'entra' && e.assertionValid !== undefined)
    expect(tokenRequests.filter((e) => !e.assertionValid)).toEqual([])
    expect(log.some((e) => e.service === 'arm' && e.status === 401)).toBe(false)
    for (const secret of emulator.issuedSecrets()) expect(logger.text).not.toContain(secret)
  })

  it('client secret: 2 emulated hours, revocation and outage survived', async () => {
    expectSurvived(await runFor('secret', 120 * MIN))
  })

  it('certificate: 2 emulated hours, revocation and outage survived', async () => {
    const log = expectSurvived(await runFor('certificate', 120 * MIN))
    expect(log.some((e) => e.service === 'entra' && e.credentialKind === 'certificate')).toBe(true)
  })
})
