// The auth pipeline end to end against the emulator: real @azure/identity credentials (secret,
// certificate, GitHub OIDC through @actions/core's getIDToken) feeding the TokenRefresher, whose
// token the real DeploymentsClient sends through useRefresherAuth. Time is compressed 600x with
// 60-minute access tokens and 5-minute ID tokens; the run lasts several emulated hours, with tokens
// revoked at 30m and the token endpoint down from 50m to 60m.
import { readFileSync } from 'node:fs'
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Fault, type StartedEmulator } from '../../emulator/src/index.js'
import { createCredentialFactory } from '../../src/auth/credential-factory.js'
import { githubIdTokenProvider } from '../../src/auth/github-id-token.js'
import { useRefresherAuth } from '../../src/auth/arm-auth-policy.js'
import { TokenRefresher } from '../../src/auth/token-refresher.js'
import type { AuthSettings, CloudSettings } from '../../src/settings.js'
import { MemoryLogger } from '../auth/fakes.js'

const TIME_SCALE = 600
const MIN = 60_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let emulator: StartedEmulator | undefined
let refresher: TokenRefresher | undefined
afterEach(async () => {
  refresher?.stop()
  await emulator?.stop()
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
})

const REVOKE_AND_OUTAGE: Fault[] = [
  { kind: 'revoke-tokens', at: '30m' },
  { kind: 'token-endpoint-down', from: '50m', for: '10m' }
]

async function runFor(kind: AuthSettings['type'], emulatedMs: number, faults = REVOKE_AND_OUTAGE) {
  emulator = await startEmulator({
    port: 0,
    timeScale: TIME_SCALE,
    tokenLifetime: '60m',
    oidcTokenLifetime: '5m',
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
  const logger = new MemoryLogger()
  const createCredential = createCredentialFactory(auth, cloud, {
    idTokens: githubIdTokenProvider(),
    logger
  })
  refresher = new TokenRefresher({
    createCredential,
    scope: cloud.armScope,
    authType: auth.type,
    // 20 emulated minutes, so one scheduled refresh (at 50m) falls inside the outage.
    refreshIntervalMs: clock.toReal(20 * MIN),
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
    // Each assertion named the ID token it carried, and it came from the OIDC endpoint. (At 600x
    // an ID token lives 0.5 s, less than the cache's 1 s slack for whole-second claims, so here each
    // assertion call mints; reuse within an ID token's life is the unit test's job.)
    const minted = new Set(
      log.filter((e) => e.service === 'oidc' && e.status === 200).map((e) => e.idTokenId)
    )
    for (const e of tokenRequests) expect(minted.has(e.idTokenId)).toBe(true)
  })

  it('OIDC: the GitHub OIDC endpoint answering 500 during a refresh is retried, no failure', async () => {
    // Refreshes fall at 20m, 40m, 60m; the OIDC endpoint fails from 39m to 49m.
    const { emulator, logger, failures, refreshCount } = await runFor('oidc', 90 * MIN, [
      { kind: 'oidc-error', from: '39m', for: '10m', status: 500 }
    ])
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
