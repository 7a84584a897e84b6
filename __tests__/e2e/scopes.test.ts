// A deployment at each of the four scopes, through `node dist/index.js` against the emulator.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })
const template = '__tests__/fixtures/e2e/small.json'

const scopes: Array<[string, () => Record<string, string>]> = [
  ['resourceGroup', () => ({ 'resource-group-name': 'rg-e2e-scopes' })],
  ['subscription', () => ({ location: 'westeurope' })],
  ['managementGroup', () => ({ 'management-group-id': 'mg-platform', location: 'westeurope' })],
  ['tenant', () => ({ location: 'westeurope' })]
]

describe('a deployment at each scope', () => {
  it.each(scopes)('%s', async (scope, extra) => {
    const e = emulator()
    if (scope === 'resourceGroup')
      e.arm.createResourceGroup(e.info.subscriptionId, 'rg-e2e-scopes', 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        scope,
        'template-file': template,
        'poll-interval': '1',
        ...extra()
      }
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    expect(run.outputs.vnetName).toBe('small-vnet')
    expect(JSON.parse(run.outputs.settings)).toEqual({ tier: 'gold', zones: [1, 2] })
    expect(run.outputs['deployment-id']).toMatch(/\/providers\/Microsoft\.Resources\/deployments\//)
    expect(run.summary).toContain('Succeeded')
    // The nested deployment's own operations were listed and reported.
    expect(run.stdout).toMatch(/small-pip \[small-module\] Succeeded/)
  })
})
