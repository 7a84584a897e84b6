// Linked template sources through `node dist/index.js` against the emulator, which serves a folder at
// <armEndpoint>/_files/ as ARM would download it and keeps template specs: template-uri with
// parameters-uri (the SAS query never shown), and template-spec-id with inline parameters.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { requestToken, useEmulator } from '../helpers/emulator.js'
import { type ActionRun, runAction, secretInputs } from '../helpers/run-action.js'

const filesDir = mkdtempSync(join(tmpdir(), 'action-links-'))
afterAll(() => rmSync(filesDir, { recursive: true, force: true }))
const spoke = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    prefix: { type: 'string' },
    addressPrefixes: { type: 'array', defaultValue: ['10.5.0.0/16'] }
  },
  resources: [
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2024-05-01',
      name: "[format('{0}-vnet', parameters('prefix'))]",
      location: '[resourceGroup().location]',
      properties: { addressSpace: { addressPrefixes: "[parameters('addressPrefixes')]" } }
    }
  ],
  outputs: {
    vnetName: { type: 'string', value: "[format('{0}-vnet', parameters('prefix'))]" }
  }
}
mkdirSync(join(filesDir, 'spoke'))
writeFileSync(join(filesDir, 'spoke', 'main.json'), JSON.stringify(spoke))
writeFileSync(
  join(filesDir, 'spoke', 'main.parameters.json'),
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      prefix: { value: 'linked' },
      addressPrefixes: { value: ['10.6.0.0/16', '10.7.0.0/16'] }
    }
  })
)

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m', filesDir })
const SAS = 'sv=2024-11-04&sr=c&sig=NotReallyASasSignature123'

async function arm(e: StartedEmulator, method: string, path: string, body?: unknown) {
  const token = String(
    (await requestToken(e, { client_secret: e.info.clientSecret })).body.access_token
  )
  const response = await fetch(`${e.info.armEndpoint}${path}?api-version=2025-04-01`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return {
    status: response.status,
    body: (await response.json()) as { properties: Record<string, unknown> }
  }
}

function run(e: StartedEmulator, extra: Record<string, string>): Promise<ActionRun> {
  return runAction({
    emulator: e,
    inputs: {
      ...secretInputs(e),
      'resource-group-name': 'rg-emulator',
      'poll-interval': '1',
      ...extra
    }
  })
}

describe('linked template sources', () => {
  it('template-uri and parameters-uri: ARM reads both links; the SAS query is never shown', async () => {
    const e = emulator()
    const templateUri = `${e.info.filesUrl}/spoke/main.json?${SAS}`
    const parametersUri = `${e.info.filesUrl}/spoke/main.parameters.json?${SAS}`
    const result = await run(e, { 'template-uri': templateUri, 'parameters-uri': parametersUri })
    expect(result.stderr).toBe('')
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.outputs.vnetName).toBe('linked-vnet')
    expect(result.outputs['deployment-name']).toMatch(/^main-9876543210-[0-9a-f]{8}$/)
    const shown = [result.stdout, result.summary, JSON.stringify(result.outputs)].join('\n')
    expect(shown).not.toContain('NotReallyASasSignature123')
    const deployed = await arm(e, 'GET', result.outputs['deployment-id'])
    expect(deployed.body.properties.templateLink).toMatchObject({ uri: templateUri })
    expect(deployed.body.properties.parametersLink).toMatchObject({ uri: parametersUri })
    expect(deployed.body.properties.parameters).toMatchObject({
      addressPrefixes: { value: ['10.6.0.0/16', '10.7.0.0/16'] }
    })
  })

  it('template-spec-id with inline parameters: ARM runs the spec version', async () => {
    const e = emulator()
    const spec = `/subscriptions/${e.info.subscriptionId}/resourceGroups/rg-emulator/providers/Microsoft.Resources/templateSpecs/spoke`
    expect(
      (await arm(e, 'PUT', spec, { location: 'eastus', properties: { description: 'Spoke' } }))
        .status
    ).toBe(201)
    expect(
      (
        await arm(e, 'PUT', `${spec}/versions/1.0`, {
          location: 'eastus',
          properties: { mainTemplate: spoke }
        })
      ).status
    ).toBe(201)
    const result = await run(e, {
      'template-spec-id': `${spec}/versions/1.0`,
      parameters: 'prefix: from-spec\naddressPrefixes: [10.8.0.0/16]'
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.outputs.vnetName).toBe('from-spec-vnet')
    const deployed = await arm(e, 'GET', result.outputs['deployment-id'])
    expect(deployed.body.properties.templateLink).toMatchObject({ id: `${spec}/versions/1.0` })
    expect(deployed.body.properties.parameters).toMatchObject({
      prefix: { value: 'from-spec' },
      addressPrefixes: { value: ['10.8.0.0/16'] }
    })
  })

  it('operation validate and whatIf work on a template-uri too', async () => {
    const e = emulator()
    const inputs = {
      'template-uri': `${e.info.filesUrl}/spoke/main.json`,
      parameters: '{"prefix": "preview"}'
    }
    const validated = await run(e, { ...inputs, operation: 'validate' })
    expect(validated.exitCode, validated.stdout).toBe(0)
    expect(validated.stdout).toMatch(/accepts deployment main-\S+: 1 resource\(s\) validated/)
    const predicted = await run(e, { ...inputs, operation: 'whatIf' })
    expect(predicted.exitCode, predicted.stdout).toBe(0)
    // A linked template's secure parameters are unknown, so every inline string value is masked.
    expect(predicted.stdout).toContain('::add-mask::preview')
    expect(predicted.stdout).toMatch(/^\+ Create \S+\/virtualNetworks\/\*\*\*-vnet$/m)
  })
})
