// Issue 4's faults, each end to end: `node dist/index.js` against an emulator that injects the fault
// in the middle of a deployment (time compressed 60x, so an emulated minute is a real second). Each
// run must end with the right verdict, every output and the summary written, and the fault visible in
// the emulator's request log (so the test cannot pass without the fault having happened).
// Covered elsewhere: a resource failing in Azure (failing-resource.test.ts), a deployment that never
// ends (timeout.test.ts). The tests run concurrently, at most two at a time (vitest.config.ts
// maxConcurrency), each with an emulator of its own.
import { describe, expect, it, type TestContext } from 'vitest'
import type { EmulatorOptions, StartedEmulator } from '../../emulator/src/index.js'
import type { Fault, RequestLogEntry } from '../../emulator/src/types.js'
import { withEmulator } from '../helpers/emulator.js'
import {
  type ActionRun,
  type RunActionOptions,
  secretInputs,
  startAction
} from '../helpers/run-action.js'

/**
 * An emulator of the test's own (withEmulator: stopped when the test ends, every ARM body it sent,
 * faults included, held to the OpenAPI schemas), where `small-pip` takes `pipMinutes` emulated minutes.
 */
function emulatorFor(
  ctx: TestContext,
  pipMinutes = 10,
  options: EmulatorOptions = {}
): Promise<StartedEmulator> {
  return withEmulator(ctx, {
    timeScale: 60,
    tokenLifetime: '60m',
    ...options,
    scenario: { seed: 4, durations: { byName: { 'small-pip': `${pipMinutes}m` } } }
  })
}

/**
 * Runs the action and injects `fault` once the deployment is running (a loaded machine may take
 * several emulated minutes to start the action); windows start then.
 */
async function runWithFault(
  e: StartedEmulator,
  options: RunActionOptions,
  ...faults: Fault[]
): Promise<ActionRun> {
  const action = startAction(options)
  await action.waitForStdout(/Deployment is Running/)
  const now = `${Math.ceil(e.clock.emulatedElapsed() / 1000)}s`
  for (const f of faults)
    e.addFault(f.kind === 'revoke-tokens' ? { ...f, at: now } : { ...f, from: now })
  return action.result
}

function deployOptions(e: StartedEmulator, inputs: Record<string, string> = {}): RunActionOptions {
  return {
    emulator: e,
    inputs: {
      ...secretInputs(e),
      location: 'westeurope',
      'template-file': '__tests__/fixtures/e2e/small.json',
      'poll-interval': '1',
      ...inputs
    }
  }
}

/** Green, with every output and the summary written. */
function expectSucceeded(run: ActionRun): void {
  expect(run.exitCode, run.stdout).toBe(0)
  expect(run.errors).toEqual([])
  expect(run.stderr).toBe('')
  expectReported(run, 'Succeeded')
  expect(run.outputs.vnetName).toBe('small-vnet')
  expect(JSON.parse(run.outputs.settings)).toEqual({ tier: 'gold', zones: [1, 2] })
}

function expectReported(run: ActionRun, state: string): void {
  expect(run.outputs['provisioning-state']).toBe(state)
  expect(run.outputs['deployment-id']).toContain(run.outputs['deployment-name'])
  expect(run.outputs['correlation-id']).toMatch(/^[0-9a-f-]{36}$/)
  expect(Number(run.outputs.duration)).toBeGreaterThan(0)
  expect(run.outputs['token-refreshes']).toMatch(/^\d+$/)
  expect(run.state['deployment-id']).toBe(run.outputs['deployment-id'])
  expect(run.summary).toContain(`Deployment ${run.outputs['deployment-name']}: ${state}`)
  expect(run.summary).toMatch(
    /\| \S+ \w+ \| small-pip <sub>in small-module<\/sub> \| <abbr title="Microsoft\.Network\/publicIPAddresses">/
  )
}

const arm = (e: StartedEmulator): RequestLogEntry[] =>
  e.requestLog().filter((r) => r.service === 'arm')
const ms = (r: RequestLogEntry): number => Date.parse(r.realTime)

/** The deployment's ARM requests were not all before or all after the fault: it hit mid-run. */
function expectMidRun(e: StartedEmulator, faulted: RequestLogEntry[]): void {
  expect(faulted.length).toBeGreaterThan(0)
  const reads = arm(e).filter((r) => r.method === 'GET' && r.status === 200)
  expect(reads.some((r) => r.seq < faulted[0].seq)).toBe(true)
  expect(reads.some((r) => r.seq > faulted[faulted.length - 1].seq)).toBe(true)
}

describe.concurrent('faults the action survives', () => {
  it('ARM 429 bursts: no request before Retry-After is over, and the poll interval stretches', async (ctx) => {
    // For 2 emulated minutes every read is throttled with Retry-After: 3 (real seconds).
    const e = await emulatorFor(ctx)
    const run = await runWithFault(e, deployOptions(e), {
      kind: 'throttle',
      capacity: 0,
      refillPerSecond: 0,
      retryAfterSeconds: 3,
      for: '2m'
    })
    expectSucceeded(run)
    const log = arm(e)
    const throttled = log.filter((r) => r.status === 429)
    expectMidRun(e, throttled)
    for (const t of throttled) {
      const next = log.find((r) => r.seq > t.seq)
      expect(next, 'a request after the 429').toBeDefined()
      // Retry-After is in whole seconds; allow for the clock granularity of the log only.
      expect(ms(next!) - ms(t), `request ${next!.seq} after 429 ${t.seq}`).toBeGreaterThanOrEqual(
        2_990
      )
    }
    // The deployment was polled every second except around the throttling, where the gap stretched
    // to at least Retry-After.
    const polls = log.filter((r) => r.method === 'GET' && /\/deployments\/[^/]+\?/.test(r.path))
    const gaps = polls.slice(1).map((p, i) => ms(p) - ms(polls[i]))
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(2_990)
    expect(Math.min(...gaps)).toBeLessThan(2_000)
  })

  it('ARM throttling longer than the SDK retries: the poll loop waits Retry-After and says so', async (ctx) => {
    // 20 emulated minutes of 429s: the SDK's own retries (about 15 s) give up, the poll fails, and
    // the next poll waits Retry-After (3 s), or longer as the empty bucket paces it, rather than the
    // 1 s poll interval.
    const e = await emulatorFor(ctx, 30)
    const run = await runWithFault(e, deployOptions(e), {
      kind: 'throttle',
      capacity: 0,
      refillPerSecond: 0,
      retryAfterSeconds: 3,
      for: '20m'
    })
    expectSucceeded(run)
    const log = arm(e)
    const throttled = log.filter((r) => r.status === 429)
    expectMidRun(e, throttled)
    for (const t of throttled) {
      const next = log.find((r) => r.seq > t.seq)
      expect(ms(next!) - ms(t), `request ${next!.seq} after 429 ${t.seq}`).toBeGreaterThanOrEqual(
        2_990
      )
    }
    // The next poll waits at least Retry-After; pacing on the empty bucket (0 reads left) may wait longer.
    expect(run.stdout).toMatch(/ARM is throttling \(Retry-After 3s\); next poll in (3|[4-9]|10)s/)
    expect(run.warnings.some((w) => /^Poll \d+ failed: .*429/.test(w))).toBe(true)
  })

  it('ARM 500 and 503 bursts and reset connections', async (ctx) => {
    const e = await emulatorFor(ctx)
    const run = await runWithFault(
      e,
      deployOptions(e),
      { kind: 'http-error', status: 500, count: 3, method: 'GET' },
      { kind: 'http-error', status: 503, count: 3, pathContains: '/operations' },
      { kind: 'reset', count: 3 }
    )
    expectSucceeded(run)
    const faulted = arm(e).filter((r) => r.fault !== undefined)
    expect(faulted.filter((r) => r.status === 500)).toHaveLength(3)
    expect(faulted.filter((r) => r.status === 503)).toHaveLength(3)
    expect(faulted.filter((r) => r.fault === 'reset')).toHaveLength(3)
    expectMidRun(e, faulted)
  })

  it('a response slower than the request timeout does not stall the poll', async (ctx) => {
    // One read is answered only after 60 real seconds. With poll-interval 1s the action gives a
    // read 10 s; without a deadline it would wait the full minute.
    const e = await emulatorFor(ctx, 8)
    const run = await runWithFault(e, deployOptions(e), { kind: 'latency', ms: 60_000, count: 1 })
    expectSucceeded(run)
    // The deadline's ETIMEDOUT is retried inside the SDK like a reset connection, so the poll
    // goes on without a warning. The stalled request is only logged once answered (60 s after it
    // was sent): the run ended before that, so it did not wait for it.
    const log = arm(e)
    expect(log.filter((r) => r.fault?.includes('latency'))).toEqual([])
    expect(log.filter((r) => r.status === 200).length).toBeGreaterThan(2)
  })

  it('ARM unreachable for 5 emulated minutes in the middle of the run', async (ctx) => {
    const e = await emulatorFor(ctx, 12)
    const run = await runWithFault(e, deployOptions(e), { kind: 'arm-down', for: '5m' })
    expectSucceeded(run)
    const down = arm(e).filter((r) => r.fault === 'arm-down')
    expect(down.length).toBeGreaterThanOrEqual(2)
    expect(down.every((r) => r.status === 0)).toBe(true)
    expectMidRun(e, down)
  })

  it('Entra token endpoint down for 10 emulated minutes while the token is valid', async (ctx) => {
    // Refresh every 2 real seconds (2 emulated minutes): several refreshes fall in the window.
    const e = await emulatorFor(ctx, 18)
    const run = await runWithFault(e, deployOptions(e, { 'token-refresh-interval': '2' }), {
      kind: 'token-endpoint-down',
      for: '10m',
      status: 503
    })
    expectSucceeded(run)
    const entra = e.requestLog().filter((r) => r.service === 'entra' && r.path.includes('/token'))
    const refused = entra.filter((r) => r.status === 503)
    expect(refused.length).toBeGreaterThanOrEqual(2)
    // A token was issued after the window: the refresh was retried until it worked.
    expect(entra.some((r) => r.status === 200 && r.seq > refused[refused.length - 1].seq)).toBe(
      true
    )
    expect(run.warnings.some((w) => /token refresh failed/.test(w))).toBe(true)
    expect(arm(e).filter((r) => r.status === 401)).toEqual([])
  })

  it('the GitHub OIDC endpoint answering 500 for a while', async (ctx) => {
    // 5-minute ID tokens and a refresh every 2 emulated minutes: new ones are needed in the window.
    const e = await emulatorFor(ctx, 14, { oidcTokenLifetime: '5m' })
    const run = await runWithFault(
      e,
      deployOptions(e, { 'auth-type': 'oidc', 'client-secret': '', 'token-refresh-interval': '2' }),
      { kind: 'oidc-error', status: 500, for: '4m' }
    )
    expectSucceeded(run)
    const oidc = e.requestLog().filter((r) => r.service === 'oidc' && r.path.includes('idtoken'))
    const refused = oidc.filter((r) => r.status === 500)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(oidc.some((r) => r.status === 200 && r.seq > refused[refused.length - 1].seq)).toBe(true)
    expect(run.warnings.some((w) => /GitHub ID token request failed/.test(w))).toBe(true)
    const federated = e.requestLog().filter((r) => r.credentialKind === 'federated')
    expect(federated.filter((r) => r.assertionValid !== true)).toEqual([])
  })

  it('a token revoked before its exp: one forced refresh, the call retried, the run goes on', async (ctx) => {
    const e = await emulatorFor(ctx)
    const run = await runWithFault(e, deployOptions(e), { kind: 'revoke-tokens', at: '0s' })
    expectSucceeded(run)
    const log = e.requestLog()
    const refused = log.filter((r) => r.service === 'arm' && r.status === 401)
    expect(refused).toHaveLength(1)
    expect(refused[0].errorCode).toBe('InvalidAuthenticationToken')
    // Next: one token request, then the same call again with the new token.
    const after = log.filter((r) => r.seq > refused[0].seq)
    expect(after[0]).toMatchObject({ service: 'entra', status: 200 })
    expect(after.find((r) => r.service === 'arm')).toMatchObject({
      method: refused[0].method,
      path: refused[0].path,
      status: 200
    })
    expect(run.stdout).toContain(
      'ARM answered 401 InvalidAuthenticationToken to GET /subscriptions/'
    )
    expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(1)
  })

  it('a deployment canceled by someone else in Azure ends Canceled', async (ctx) => {
    const e = await emulatorFor(ctx, 30)
    const name = 'canceled-elsewhere'
    const action = startAction(deployOptions(e, { name }))
    await action.waitForStdout(/Deployment is Running/)
    const id = `/subscriptions/${e.info.subscriptionId}/providers/Microsoft.Resources/deployments/${name}`
    expect(e.arm.cancel(id)).toBe(true)
    const run = await action.result
    expect(run.exitCode, run.stdout).toBe(1)
    expectReported(run, 'Canceled')
    expect(run.errors.filter((m) => m.includes(`Deployment ${name} ended Canceled`))).toHaveLength(
      1
    )
    // Nobody asked the action to cancel: it never POSTed a cancel itself.
    expect(arm(e).filter((r) => r.method === 'POST' && r.path.includes('/cancel'))).toEqual([])
  })
})
