// The hub-and-spoke sample as a stack, with its scenario's durations (over an emulated hour):
// every resource its deployment creates becomes a managed resource under denyWriteAndDelete, the
// outputs come from the deployment, the VPN shared key never appears in a stack body, and a
// delete with unmanageAction.Resources=delete removes all of it.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../../helpers/emulator.js'
import { clients, resourceRequest } from './clients.js'

const example = (file: string) =>
  fileURLToPath(new URL(`../../../examples/hub-and-spoke/${file}`, import.meta.url))
const read = (file: string) =>
  JSON.parse(readFileSync(example(file), 'utf8')) as Record<string, never>

const emulator = useEmulator({ timeScale: 3600, scenario: example('scenario.json') })
const POLL = { updateIntervalInMs: 20 }
const SHARED_KEY = 'stack-vpn-key-7Q!'

describe('the hub-and-spoke sample as a deployment stack', () => {
  it('manages everything the hub deploys, hides the shared key, and deletes it all', async () => {
    const c = clients(emulator())
    emulator().arm.createResourceGroup(emulator().info.subscriptionId, 'rg-hub-stack', 'eastus')
    const parameters = {
      ...(read('azuredeploy.parameters.json').parameters as Record<string, { value: unknown }>),
      vpnSharedKey: { value: SHARED_KEY }
    }
    const started = Date.now()
    const created = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      'rg-hub-stack',
      'hub',
      {
        properties: {
          template: read('azuredeploy.json'),
          parameters,
          actionOnUnmanage: { resources: 'delete' },
          denySettings: { mode: 'denyWriteAndDelete' }
        }
      },
      POLL
    )
    expect(created.properties?.error).toBeUndefined()
    expect(created.properties?.provisioningState).toBe('succeeded')
    const deployment = await c.deployments.deployments.get(
      'rg-hub-stack',
      (created.properties?.deploymentId ?? '').split('/').pop() ?? ''
    )
    // The VPN gateway alone takes 52 emulated minutes.
    const emulatedMs = (Date.now() - started) * emulator().info.timeScale
    expect(emulatedMs).toBeGreaterThan(52 * 60_000)
    const deployed = (deployment.properties?.outputResources ?? []).map((r) => r.id).sort()
    expect(deployed.length).toBeGreaterThan(10)
    expect(created.properties?.resources?.map((r) => r.id).sort()).toEqual(deployed)
    expect(new Set(created.properties?.resources?.map((r) => r.denyStatus))).toEqual(
      new Set(['denyWriteAndDelete'])
    )
    expect(Object.keys(created.properties?.outputs ?? {}).sort()).toEqual(
      Object.keys(deployment.properties?.outputs ?? {}).sort()
    )
    expect(created.properties?.parameters?.vpnSharedKey).toEqual({ type: 'SecureString' })
    const bodies = emulator()
      .requestLog()
      .filter((e) => e.responseType?.startsWith('DeploymentStack'))
    expect(bodies.length).toBeGreaterThan(0)
    expect(JSON.stringify(bodies)).not.toContain(SHARED_KEY)

    await c.stacks.beginDeleteAtResourceGroupAndWait('rg-hub-stack', 'hub', {
      ...POLL,
      unmanageActionResources: 'delete'
    })
    for (const id of deployed)
      expect((await resourceRequest(emulator(), c, 'GET', id ?? '')).status, id).toBe(404)
  })
})
