// rollback-on-error through `node dist/index.js` against the emulator: a failing deployment carries
// onErrorDeployment as asked (last successful, or a named one), ARM's rollback is named in the log,
// and outside a resource group the input is refused before any request.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { armGet, requestToken, useEmulator } from '../helpers/emulator.js'
import { type ActionRun, REPO_ROOT, runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  tokenLifetime: '60m',
  scenario: {
    failures: [
      { resourceName: 'rb-bad-pip', code: 'PublicIPCountLimitReached', message: 'Too many.' }
    ]
  }
})

const resource = (type: string, name: string) => ({
  type,
  apiVersion: '2024-05-01',
  name,
  location: '[resourceGroup().location]',
  properties: {}
})
const template = (resources: unknown[]) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources
})
const GOOD = '.tmp/e2e/rollback-good.json'
const BAD = '.tmp/e2e/rollback-bad.json'
beforeAll(() => {
  mkdirSync(join(REPO_ROOT, '.tmp/e2e'), { recursive: true })
  const vnet = resource('Microsoft.Network/virtualNetworks', 'rb-vnet')
  writeFileSync(join(REPO_ROOT, GOOD), JSON.stringify(template([vnet])))
  writeFileSync(
    join(REPO_ROOT, BAD),
    JSON.stringify(template([vnet, resource('Microsoft.Network/publicIPAddresses', 'rb-bad-pip')]))
  )
})

const GROUP = 'rg-rollback'
function deploy(e: StartedEmulator, extra: Record<string, string>): Promise<ActionRun> {
  e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
  return runAction({
    emulator: e,
    inputs: {
      ...secretInputs(e),
      'resource-group-name': GROUP,
      'poll-interval': '1',
      ...extra
    }
  })
}

let good: Promise<ActionRun> | undefined
const deployGood = (e: StartedEmulator) =>
  (good ??= deploy(e, { 'template-file': GOOD, name: 'rb-good-1' }))

async function recorded(e: StartedEmulator, run: ActionRun): Promise<Record<string, unknown>> {
  const token = await requestToken(e, { client_secret: e.info.clientSecret })
  const response = await armGet(
    e,
    `${run.outputs['deployment-id']}?api-version=2025-04-01`,
    String(token.body.access_token)
  )
  const body = (await response.json()) as { properties: Record<string, unknown> }
  return body.properties
}

describe('rollback-on-error', () => {
  it('true: the failing deployment asks ARM for the last successful one', async () => {
    const e = emulator()
    expect((await deployGood(e)).exitCode).toBe(0)
    const run = await deploy(e, {
      'template-file': BAD,
      name: 'rb-bad-2',
      'rollback-on-error': 'true'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['provisioning-state']).toBe('Failed')
    const props = await recorded(e, run)
    expect(props.onErrorDeployment).toEqual({
      type: 'LastSuccessful',
      deploymentName: 'rb-good-1',
      provisioningState: 'Succeeded'
    })
    expect(run.warnings).toContain(
      'rollback-on-error: Azure Resource Manager rolls back (LastSuccessful) to deployment rb-good-1: Succeeded'
    )
  })

  it('a name: the failing deployment asks ARM for that deployment', async () => {
    const e = emulator()
    expect((await deployGood(e)).exitCode).toBe(0)
    const run = await deploy(e, {
      'template-file': BAD,
      name: 'rb-bad-3',
      'rollback-on-error': 'rb-good-1'
    })
    expect(run.exitCode).toBe(1)
    expect((await recorded(e, run)).onErrorDeployment).toEqual({
      type: 'SpecificDeployment',
      deploymentName: 'rb-good-1',
      provisioningState: 'Succeeded'
    })
  })

  it('without it, a failing deployment carries no onErrorDeployment', async () => {
    const e = emulator()
    const run = await deploy(e, { 'template-file': BAD, name: 'rb-bad-4' })
    expect(run.exitCode).toBe(1)
    expect(await recorded(e, run)).not.toHaveProperty('onErrorDeployment')
    expect(run.warnings.filter((w) => w.startsWith('rollback-on-error'))).toEqual([])
  })

  it('is refused at subscription scope before any request', async () => {
    const e = emulator()
    const from = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': GOOD,
        'rollback-on-error': 'true'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      "Input 'rollback-on-error' is set, but the scope is 'subscription': ARM rolls back only resource group deployments (expected 'resource-group-name', or leave 'rollback-on-error' out)."
    ])
    expect(e.requestLog().slice(from)).toEqual([])
  })
})
