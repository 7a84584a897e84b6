// Issue 3's main claim: a hub deployment of more than 3 emulated hours, with short-lived GitHub ID
// tokens and 60-minute access tokens, finishes green through `node dist/index.js`, for OIDC, a client
// secret and a certificate. Time is compressed 240x, so 3 emulated hours take about 45 s. Each leg has
// an emulator of its own, so one leg's request log holds only its own refusals.
// ID tokens live 20 emulated minutes here (5 s real): a 5-minute one would live 1.25 s real, less
// than a loaded machine may take between the mint and the token POST, and the emulator enforces exp
// exactly. Real 5-minute ID tokens, one mint per acquisition: oidc-mints.test.ts at 60x.
import { describe, expect, it, type TestContext } from 'vitest'
import type { EmulatorOptions, StartedEmulator } from '../../emulator/src/index.js'
import { withEmulator } from '../helpers/emulator.js'
import { type ActionRun, emulatorInputs, runAction, secretInputs } from '../helpers/run-action.js'

const THREE_HOURS = 3 * 3_600_000
const OPTIONS: EmulatorOptions = {
  timeScale: 240,
  tokenLifetime: '60m',
  oidcTokenLifetime: '20m',
  scenario: {
    seed: 7,
    durations: {
      byType: {
        'Microsoft.Network/azureFirewalls': '50m',
        'Microsoft.Network/virtualNetworkGateways': '2h'
      },
      // The ExpressRoute gateway waits for the VPN gateway (same subnet): 3h15m in all.
      byName: { 'contoso-hub-vpngw': '1h45m', 'contoso-hub-ergw': '1h30m' }
    }
  }
}
const emulator = (ctx: TestContext): Promise<StartedEmulator> => withEmulator(ctx, OPTIONS)

/** The sample hub template, deployed as is. */
const HUB_TEMPLATE = 'examples/hub-and-spoke/azuredeploy.json'

const NON_SECURE_OUTPUTS = [
  'hubVnetId',
  'hubAddressSpace',
  'firewallPrivateIp',
  'vpnGatewayId',
  'expressRouteGatewayId',
  'spokeVnetIds'
]

async function deployHub(
  e: StartedEmulator,
  group: string,
  auth: Record<string, string>
): Promise<ActionRun> {
  e.arm.createResourceGroup(e.info.subscriptionId, group, 'westeurope')
  return runAction({
    emulator: e,
    inputs: {
      ...emulatorInputs(e),
      ...auth,
      'resource-group-name': group,
      'template-file': HUB_TEMPLATE,
      'parameters-file': 'examples/hub-and-spoke/azuredeploy.parameters.json',
      parameters: JSON.stringify({ vpnSharedKey: `key-${group}-Zq9!` }),
      'poll-interval': '1'
    }
  })
}

function expectGreenHub(run: ActionRun): void {
  expect(run.stderr).toBe('')
  expect(run.exitCode, run.stdout).toBe(0)
  expect(run.errors).toEqual([])
  expect(run.outputs['provisioning-state']).toBe('Succeeded')
  // Every (non-secure) template output under its own name and in `outputs`.
  const all = JSON.parse(run.outputs.outputs) as Record<string, unknown>
  for (const name of NON_SECURE_OUTPUTS) {
    expect(run.outputs[name], name).toBeDefined()
    expect(all[name], name).toBeDefined()
  }
  expect(JSON.parse(run.outputs.spokeVnetIds)).toEqual([
    expect.stringMatching(/\/virtualNetworks\/contoso-app-vnet$/),
    expect.stringMatching(/\/virtualNetworks\/contoso-data-vnet$/)
  ])
  expect(run.outputs.firewallPrivateIp).toBe('10.0.1.4')
  expect(JSON.parse(run.outputs.hubAddressSpace)).toHaveProperty('addressPrefixes')
  // The summary is written, with the resources table and the timeline.
  expect(run.summary).toContain('Succeeded')
  expect(run.summary).toContain(
    '| ✅ Succeeded | contoso-hub-vpngw | <abbr title="Microsoft.Network/virtualNetworkGateways">virtualNetworkGateways</abbr> |'
  )
  expect(run.summary).toMatch(/```mermaid\n%%\{init: .*\}%%\ngantt/)
  // At least three token refreshes, counted and logged.
  expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(3)
  expect(
    run.stdout.match(/access token (re-?acquired|refreshed)/gi)?.length ?? 0
  ).toBeGreaterThanOrEqual(3)
  // The gateways' progress was reported as it happened, not only at the end.
  expect(run.stdout).toMatch(
    /… Microsoft\.Network\/virtualNetworkGateways contoso-hub-vpngw Running/
  )
  expect(run.stdout).toMatch(/running \d+s: \d+\/\d+ resources done, \d+ running: /)
}

/** Nothing the runner would show (all but `::add-mask::` lines) carries a secret. */
function expectNoSecrets(run: ActionRun, secrets: string[]): void {
  const shown = [
    ...run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')),
    run.stderr,
    JSON.stringify(run.outputs),
    JSON.stringify(run.state),
    run.summary
  ].join('\n')
  for (const secret of secrets) expect(shown.includes(secret), 'a secret was printed').toBe(false)
}

function expectNoExpiredTokenRefusals(e: StartedEmulator): void {
  const arm = e.requestLog().filter((r) => r.service === 'arm')
  expect(arm.filter((r) => r.status === 401)).toEqual([])
  expect(arm.filter((r) => r.errorCode === 'ExpiredAuthenticationToken')).toEqual([])
}

describe('a hub deployment of more than 3 emulated hours', () => {
  it.concurrent(
    'with OIDC: every token request carried an unexpired GitHub ID token',
    async (ctx) => {
      const e = await emulator(ctx)
      const run = await deployHub(e, 'rg-hub-oidc', { 'auth-type': 'oidc' })
      expectGreenHub(run)
      // Every ID token and access token the emulator issued, and the secure parameter.
      expect(e.issuedSecrets().length).toBeGreaterThanOrEqual(8)
      expectNoSecrets(run, [...e.issuedSecrets(), 'key-rg-hub-oidc-Zq9!'])
      expect(e.clock.emulatedElapsed()).toBeGreaterThanOrEqual(THREE_HOURS)
      const federated = e
        .requestLog()
        .filter((r) => r.service === 'entra' && r.credentialKind === 'federated')
      expect(federated.length).toBeGreaterThanOrEqual(4)
      expect(federated.filter((r) => r.assertionValid !== true)).toEqual([])
      expect(federated.filter((r) => r.status !== 200)).toEqual([])
      expectNoExpiredTokenRefusals(e)
    }
  )

  it.concurrent('with a client secret', async (ctx) => {
    const e = await emulator(ctx)
    const run = await deployHub(e, 'rg-hub-secret', { 'client-secret': e.info.clientSecret })
    expectGreenHub(run)
    expect(e.requestLog().some((r) => r.service === 'entra' && r.credentialKind === 'secret')).toBe(
      true
    )
    expectNoExpiredTokenRefusals(e)

    // A drift check of the unchanged hub passes: what-if sees into the spoke modules (NoChange,
    // not Ignore) and compares the secure VPN key masked, as ARM does, so it is no change.
    const drift = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        'resource-group-name': 'rg-hub-secret',
        'template-file': HUB_TEMPLATE,
        'parameters-file': 'examples/hub-and-spoke/azuredeploy.parameters.json',
        parameters: JSON.stringify({ vpnSharedKey: 'key-rg-hub-secret-Zq9!' }),
        operation: 'whatIf',
        'fail-on-changes': 'true',
        'poll-interval': '1'
      }
    })
    expect(drift.exitCode, drift.stdout).toBe(0)
    expect(JSON.parse(drift.outputs['what-if-changes'])).toMatchObject({
      Create: 0,
      Modify: 0,
      Delete: 0,
      Ignore: 0,
      NoChange: 19
    })
    expectNoSecrets(drift, ['key-rg-hub-secret-Zq9!'])
  })

  it.concurrent('with a certificate', async (ctx) => {
    const e = await emulator(ctx)
    const run = await deployHub(e, 'rg-hub-cert', { 'client-certificate': e.info.certificatePath })
    expectGreenHub(run)
    expect(
      e.requestLog().some((r) => r.service === 'entra' && r.credentialKind === 'certificate')
    ).toBe(true)
    expectNoExpiredTokenRefusals(e)
  })
})
