// operation: whatIf through `node dist/index.js` against the emulator: after a first deployment, the
// log and the summary show what a changed template would create, modify and leave alone, the outputs
// carry the counts and the changes, nothing is deployed, and fail-on-changes fails only on drift.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { useEmulator } from '../helpers/emulator.js'
import { type ActionRun, REPO_ROOT, runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })

const vnet = (prefixes: string[]) => ({
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2024-05-01',
  name: 'wi-vnet',
  location: '[resourceGroup().location]',
  properties: { addressSpace: { addressPrefixes: prefixes } }
})
const pip = {
  type: 'Microsoft.Network/publicIPAddresses',
  apiVersion: '2024-05-01',
  name: 'wi-pip',
  location: '[resourceGroup().location]',
  sku: { name: 'Standard' },
  properties: { publicIPAllocationMethod: 'Static' }
}
const nsg = {
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2024-05-01',
  name: 'wi-nsg',
  location: '[resourceGroup().location]',
  properties: {}
}
const template = (resources: unknown[]) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources
})
const V1 = '.tmp/e2e/what-if-v1.json'
const V2 = '.tmp/e2e/what-if-v2.json'
/** A connection whose sharedKey comes from a secure parameter. */
const CONNECTION = '.tmp/e2e/what-if-secret.json'
beforeAll(() => {
  mkdirSync(join(REPO_ROOT, '.tmp/e2e'), { recursive: true })
  writeFileSync(join(REPO_ROOT, V1), JSON.stringify(template([vnet(['10.0.0.0/16']), pip])))
  writeFileSync(
    join(REPO_ROOT, V2),
    JSON.stringify(template([vnet(['10.0.0.0/16', '10.1.0.0/16']), pip, nsg]))
  )
  writeFileSync(
    join(REPO_ROOT, CONNECTION),
    JSON.stringify({
      ...template([
        {
          type: 'Microsoft.Network/connections',
          apiVersion: '2024-05-01',
          name: 'wi-connection',
          location: '[resourceGroup().location]',
          properties: { connectionType: 'IPsec', sharedKey: "[parameters('psk')]" }
        }
      ]),
      parameters: { psk: { type: 'securestring' } }
    })
  )
})

const GROUP = 'rg-what-if'
let deployed: Promise<ActionRun> | undefined
/** The first deployment (v1), once for the file. */
function deployV1(e: StartedEmulator): Promise<ActionRun> {
  deployed ??= (async () => {
    e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
    return runAction({ emulator: e, inputs: inputs(e, { 'template-file': V1 }) })
  })()
  return deployed
}

function inputs(e: StartedEmulator, extra: Record<string, string>): Record<string, string> {
  return {
    ...secretInputs(e),
    'resource-group-name': GROUP,
    'poll-interval': '1',
    ...extra
  }
}

const ids = (e: StartedEmulator) =>
  `/subscriptions/${e.info.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.Network`

describe('operation whatIf after a first deployment', () => {
  it('shows Create, Modify (with the property delta) and NoChange, and deploys nothing', async () => {
    const e = emulator()
    expect((await deployV1(e)).exitCode).toBe(0)
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, { 'template-file': V2, operation: 'whatIf' })
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode, run.stdout).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines).toContain(`+ Create ${ids(e)}/networkSecurityGroups/wi-nsg`)
    expect(lines).toContain(`~ Modify ${ids(e)}/virtualNetworks/wi-vnet`)
    expect(lines).toContain(
      '    ~ properties.addressSpace.addressPrefixes: ["10.0.0.0/16"] => ["10.0.0.0/16","10.1.0.0/16"]'
    )
    expect(lines).toContain(`= NoChange ${ids(e)}/publicIPAddresses/wi-pip`)
    expect(lines).toContain('Resource changes: 1 to create, 1 to modify, 1 unchanged.')
    expect(run.stdout.includes(String.fromCharCode(27))).toBe(false)
    expect(JSON.parse(run.outputs['what-if-changes'])).toEqual({
      Create: 1,
      Modify: 1,
      Delete: 0,
      Deploy: 0,
      NoChange: 1,
      Ignore: 0,
      Unsupported: 0
    })
    const result = JSON.parse(run.outputs['what-if-result']) as Array<Record<string, unknown>>
    expect(result.map((c) => c.changeType).sort()).toEqual(['Create', 'Modify', 'NoChange'])
    expect(result.find((c) => c.changeType === 'Modify')?.delta).toEqual([
      {
        path: 'properties.addressSpace.addressPrefixes',
        propertyChangeType: 'Array',
        before: ['10.0.0.0/16'],
        after: ['10.0.0.0/16', '10.1.0.0/16']
      }
    ])
    expect(run.summary).toContain(
      '| ➕ Create | Microsoft.Network/networkSecurityGroups | wi-nsg | 0 |'
    )
    expect(run.summary).toContain('| ✏️ Modify | Microsoft.Network/virtualNetworks | wi-vnet | 1 |')
    expect(run.summary).toContain(
      '| ➖ NoChange | Microsoft.Network/publicIPAddresses | wi-pip | 0 |'
    )
    expect(run.summary).toContain('```diff\n- properties.addressSpace.addressPrefixes')
    // One POST whatIf and its result polled; no PUT.
    const arm = e
      .requestLog()
      .slice(before)
      .filter((r) => r.service === 'arm')
    expect(arm.filter((r) => r.method === 'PUT')).toEqual([])
    expect(arm.filter((r) => r.method === 'POST' && /\/whatIf\?/i.test(r.path))).toHaveLength(1)
  })

  it('fail-on-changes fails the step when something would change', async () => {
    const e = emulator()
    await deployV1(e)
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, {
        'template-file': V2,
        operation: 'whatIf',
        'fail-on-changes': 'true',
        'what-if-exclude-change-types': 'NoChange'
      })
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      "What-if found 2 resource change(s) (1 Create, 1 Modify) and 'fail-on-changes' is true; see the log or the job summary for what would change."
    ])
    expect(run.stdout).toContain(
      'Resource changes: 1 to create, 1 to modify (not shown: NoChange).'
    )
    expect(run.summary).toContain('❌ `fail-on-changes: true` and 2 resource(s) would change')
    expect(run.summary).not.toContain('wi-pip')
  })

  it('fail-on-changes passes when the template matches what is deployed', async () => {
    const e = emulator()
    await deployV1(e)
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, { 'template-file': V1, operation: 'whatIf', 'fail-on-changes': 'true' })
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.errors).toEqual([])
    expect(JSON.parse(run.outputs['what-if-changes'])).toMatchObject({
      Create: 0,
      Modify: 0,
      Delete: 0,
      NoChange: 2
    })
    expect(run.summary).toContain('✅ `fail-on-changes: true`: nothing would be created')
  })

  it('fail-on-changes passes when the changes are excluded types', async () => {
    const e = emulator()
    await deployV1(e)
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, {
        'template-file': V2,
        operation: 'whatIf',
        'fail-on-changes': 'true',
        'what-if-exclude-change-types': 'create\nModify'
      })
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(JSON.parse(run.outputs['what-if-changes'])).toMatchObject({ Create: 0, Modify: 0 })
  })

  it('compares a secure parameter masked, as ARM does: never shown, and not a change', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-what-if-secret', 'westeurope')
    const secretInputs = (psk: string) => ({
      ...inputs(e, { 'template-file': CONNECTION, parameters: `psk: ${psk}` }),
      'resource-group-name': 'rg-what-if-secret'
    })
    // Before the deployment: the connection to create shows its key masked.
    const first = await runAction({
      emulator: e,
      inputs: { ...secretInputs('Old-Psk-1111'), operation: 'whatIf' }
    })
    expect(first.exitCode, first.stdout).toBe(0)
    expect(JSON.parse(first.outputs['what-if-changes'])).toMatchObject({ Create: 1 })
    expect((await runAction({ emulator: e, inputs: secretInputs('Old-Psk-1111') })).exitCode).toBe(
      0
    )
    // What-if cannot see secrets (both sides are masked), so a new key is not a change either:
    // a drift check of a write-only secret does not fail on every run.
    const run = await runAction({
      emulator: e,
      inputs: { ...secretInputs('New-Psk-2222'), operation: 'whatIf', 'fail-on-changes': 'true' }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(JSON.parse(run.outputs['what-if-changes'])).toMatchObject({ Modify: 0, NoChange: 1 })
    const shown = [first, run]
      .flatMap((r) => [
        ...r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')),
        r.summary,
        JSON.stringify(r.outputs)
      ])
      .join('\n')
    expect(shown).not.toContain('New-Psk-2222')
    expect(shown).not.toContain('Old-Psk-1111')
  })
})
