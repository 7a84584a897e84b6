// Deployment stacks at subscription and management group scope through `node dist/index.js`: a
// subscription stack that creates a resource group and a module (the module's progress in the log)
// and deletes both on delete (action-on-unmanage-resourcegroups); a subscription stack whose
// deployment goes into a resource group (deployment-resource-group-name); a management group
// stack, and one whose deployment goes into a subscription (deployment-subscription-id).
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs, type ActionRun } from '../helpers/run-action.js'
import { clients, resourceRequest } from '../emulator/stacks/clients.js'

// The module's public IP takes 3 emulated minutes (3 s real).
const emulator = useEmulator({
  timeScale: 60,
  scenario: { durations: { byName: { 'module-pip': '3m' } } }
})
const MG = 'mg-platform'

const inputs = (e: StartedEmulator, extra: Record<string, string>): Record<string, string> => ({
  ...secretInputs(e),
  type: 'deploymentStack',
  location: 'westeurope',
  'action-on-unmanage-resources': 'detach',
  'deny-settings-mode': 'none',
  'poll-interval': '1',
  ...extra
})

function expectGreen(run: ActionRun): void {
  expect(run.stderr).toBe('')
  expect(run.errors).toEqual([])
  expect(run.exitCode, run.stdout).toBe(0)
}

const status = async (e: StartedEmulator, id: string) =>
  (await resourceRequest(e, clients(e), 'GET', id)).status

describe('deployment stacks at subscription and management group scope', () => {
  it('a subscription stack creates a resource group and a module, and its delete removes both', async () => {
    const e = emulator()
    const sub = `/subscriptions/${e.info.subscriptionId}`
    const rg = `${sub}/resourceGroups/rg-sub-stack`
    const pip = `${rg}/providers/Microsoft.Network/publicIPAddresses/module-pip`
    const create = inputs(e, {
      name: 'landing',
      scope: 'subscription',
      'template-file': '__tests__/fixtures/templates/subscription-rg.json',
      parameters: JSON.stringify({ groupName: 'rg-sub-stack' })
    })
    const run = await runAction({ emulator: e, inputs: create })
    expectGreen(run)
    expect(run.outputs['deployment-id']).toBe(
      `${sub}/providers/Microsoft.Resources/deploymentStacks/landing`
    )
    // The module's resource, reported under the nested deployment while it ran.
    expect(run.stdout).toContain(
      '… Microsoft.Network/publicIPAddresses module-pip [pip-module] Running'
    )
    expect(run.summary).toContain(`| \`${rg}\` | managed | none |`)
    expect(run.summary).toContain(`| \`${pip}\` | managed | none |`)
    expect(await status(e, pip)).toBe(200)

    const { 'template-file': _t, parameters: _p, location: _l, ...rest } = create
    const deleted = await runAction({
      emulator: e,
      inputs: {
        ...rest,
        operation: 'delete',
        'action-on-unmanage-resources': 'delete',
        'action-on-unmanage-resourcegroups': 'delete'
      }
    })
    expectGreen(deleted)
    expect(deleted.summary).toContain('### Deleted resources (2)')
    expect(await status(e, rg)).toBe(404)
    expect(await status(e, pip)).toBe(404)
  })

  it('a subscription stack deploys into a resource group with deployment-resource-group-name', async () => {
    const e = emulator()
    const sub = `/subscriptions/${e.info.subscriptionId}`
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-target', 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, {
        name: 'into-rg',
        scope: 'subscription',
        'deployment-resource-group-name': 'rg-target',
        'template-file': '__tests__/fixtures/e2e/stack-nsg.json',
        parameters: JSON.stringify({ prefix: 'scoped' })
      })
    })
    expectGreen(run)
    expect(run.stdout).toMatch(/Deployment stack into-rg deploys with deployment into-rg-\d{8}/)
    expect(run.summary).toMatch(
      new RegExp(
        `\\| Deployment \\| \`${sub}/resourceGroups/rg-target/providers/Microsoft.Resources/deployments/into-rg-`
      )
    )
    expect(
      await status(
        e,
        `${sub}/resourceGroups/rg-target/providers/Microsoft.Network/networkSecurityGroups/scoped-nsg`
      )
    ).toBe(200)
  })

  it('a management group stack, at its own scope and into a subscription below it', async () => {
    const e = emulator()
    const mg = `/providers/Microsoft.Management/managementGroups/${MG}`
    const own = await runAction({
      emulator: e,
      inputs: inputs(e, {
        name: 'policies',
        'management-group-id': MG,
        scope: 'managementGroup',
        'template-file': '__tests__/fixtures/templates/management-group.json'
      })
    })
    expectGreen(own)
    expect(own.outputs['deployment-id']).toBe(
      `${mg}/providers/Microsoft.Resources/deploymentStacks/policies`
    )
    expect(own.outputs.policyId).toBe(
      `${mg}/providers/Microsoft.Authorization/policyDefinitions/deny-public-ip`
    )

    const sub = `/subscriptions/${e.info.subscriptionId}`
    const down = await runAction({
      emulator: e,
      inputs: inputs(e, {
        name: 'landing-zone',
        'management-group-id': MG,
        scope: 'managementGroup',
        'deployment-subscription-id': e.info.subscriptionId,
        'template-file': '__tests__/fixtures/templates/subscription-rg.json',
        parameters: JSON.stringify({ groupName: 'rg-from-mg' })
      })
    })
    expectGreen(down)
    expect(down.stdout).toContain('module-pip [pip-module] Succeeded')
    expect(down.summary).toContain(`| \`${sub}/resourceGroups/rg-from-mg\` | managed | none |`)
  })
})
