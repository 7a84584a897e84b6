// Issue 13's main claim: the hub sample deployed as a deployment stack over more than 2 emulated
// hours, signed in with OIDC and real 5-minute GitHub ID tokens (60-minute access tokens), through
// `node dist/index.js`: Succeeded, the stack's phases and its deployment's progress in the log,
// the template's outputs from the stack, and its managed resources in the job summary. Time runs
// 120x (an ID token lives 2.5 s real); the emulator holds every response to the OpenAPI schemas.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, runAction } from '../helpers/run-action.js'

const TWO_HOURS = 2 * 3_600_000
const emulator = useEmulator({
  timeScale: 120,
  tokenLifetime: '60m',
  oidcTokenLifetime: '5m',
  scenario: {
    seed: 13,
    durations: {
      byType: {
        'Microsoft.Network/azureFirewalls': '30m',
        'Microsoft.Network/virtualNetworkGateways': '1h'
      },
      // The ExpressRoute gateway waits for the VPN gateway (same subnet): 2h10m in all.
      byName: { 'contoso-hub-vpngw': '1h10m', 'contoso-hub-ergw': '1h' }
    }
  }
})

describe('the hub sample as a deployment stack', () => {
  it('succeeds over 2 emulated hours with OIDC and 5-minute ID tokens', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-hub-stack', 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: {
        ...emulatorInputs(e),
        'auth-type': 'oidc',
        type: 'deploymentStack',
        name: 'hub',
        description: 'Hub and spokes',
        'resource-group-name': 'rg-hub-stack',
        'template-file': 'examples/hub-and-spoke/azuredeploy.json',
        'parameters-file': 'examples/hub-and-spoke/azuredeploy.parameters.json',
        parameters: JSON.stringify({ vpnSharedKey: 'key-hub-stack-Zq9!' }),
        'action-on-unmanage-resources': 'delete',
        'deny-settings-mode': 'denyWriteAndDelete',
        'poll-interval': '2'
      }
    })
    expect(run.stderr).toBe('')
    expect(run.errors).toEqual([])
    expect(run.exitCode, run.stdout).toBe(0)
    expect(e.clock.emulatedElapsed()).toBeGreaterThanOrEqual(TWO_HOURS)

    // Outputs are the stack's.
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    expect(run.outputs['deployment-id']).toMatch(/\/deploymentStacks\/hub$/)
    expect(run.outputs.firewallPrivateIp).toBe('10.0.1.4')
    expect(JSON.parse(run.outputs.spokeVnetIds)).toEqual([
      expect.stringMatching(/\/virtualNetworks\/contoso-app-vnet$/),
      expect.stringMatching(/\/virtualNetworks\/contoso-data-vnet$/)
    ])
    expect(JSON.parse(run.outputs.outputs)).toHaveProperty('vpnGatewayId')

    // The stack's phases, then its deployment's progress as it happened.
    expect(run.stdout).toContain('Deployment stack hub is deploying')
    expect(run.stdout).toMatch(/Deployment stack hub deploys with deployment hub-\d{8}-[0-9a-f]{5}/)
    expect(run.stdout).toMatch(
      /… Microsoft\.Network\/virtualNetworkGateways contoso-hub-vpngw Running/
    )
    expect(run.stdout).toMatch(/running \d+(h|m|s)[^:]*: \d+\/\d+ resources done, \d+ running: /)
    expect(run.stdout).toContain('Deployment stack hub is succeeded')
    expect(run.stdout.indexOf('Deployment stack hub is deploying')).toBeLessThan(
      run.stdout.indexOf('contoso-hub-vpngw Succeeded')
    )

    // The summary: the stack, its managed resources with their deny status, the operations.
    expect(run.summary).toContain('## ✅ Deployment stack hub: Succeeded')
    expect(run.summary).toContain('| Deny settings | denyWriteAndDelete |')
    expect(run.summary).toMatch(/### Managed resources \(\d+\)/)
    expect(run.summary).toMatch(
      /\| `[^`]*\/virtualNetworkGateways\/contoso-hub-vpngw` \| managed \| denyWriteAndDelete \|/
    )
    expect(run.summary).toContain(
      '| ✅ Succeeded | contoso-hub-vpngw | <abbr title="Microsoft.Network/virtualNetworkGateways">virtualNetworkGateways</abbr> |'
    )
    expect(run.summary).toMatch(/```mermaid\n%%\{init: .*\}%%\ngantt/)

    // Tokens: re-acquired through the run, each request with an unexpired ID token, no 401.
    expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(2)
    const log = e.requestLog()
    const federated = log.filter((r) => r.service === 'entra' && r.credentialKind === 'federated')
    expect(federated.length).toBeGreaterThanOrEqual(3)
    expect(federated.filter((r) => r.status !== 200 || r.assertionValid !== true)).toEqual([])
    expect(log.filter((r) => r.service === 'arm' && r.status === 401)).toEqual([])
    // No secret in what the runner shows.
    const shown = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of [...e.issuedSecrets(), 'key-hub-stack-Zq9!'])
      expect(shown.includes(secret) || run.summary.includes(secret)).toBe(false)
  })
})
