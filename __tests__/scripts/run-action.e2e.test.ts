// The demo and the bench drive `node dist/index.js` through scripts/lib/action-runner.ts: prove
// that plumbing against the emulator (inputs in, outputs, summary and masks out).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../../emulator/src/index.js'
import { runAction, type RenderedLine } from '../../scripts/lib/action-runner.js'

let emulator: StartedEmulator
const template = join(mkdtempSync(join(tmpdir(), 'runner-e2e-')), 'one.json')

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 60 })
  emulator.arm.createResourceGroup(emulator.info.subscriptionId, 'rg-runner', 'westeurope')
  writeFileSync(
    template,
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { prefix: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2024-05-01',
          name: "[concat(parameters('prefix'), '-pip')]",
          location: '[resourceGroup().location]',
          properties: {}
        }
      ],
      outputs: { pipName: { type: 'string', value: "[concat(parameters('prefix'), '-pip')]" } }
    })
  )
})

afterAll(async () => {
  await emulator?.stop()
})

describe('runAction', () => {
  it('runs dist/index.js as the runner would and reads back outputs, summary and masks', async () => {
    const i = emulator.info
    const lines: RenderedLine[] = []
    const run = await runAction({
      inputs: {
        'auth-type': 'secret',
        'client-id': i.clientId,
        'tenant-id': i.tenantId,
        'client-secret': i.clientSecret,
        'subscription-id': i.subscriptionId,
        'resource-group-name': 'rg-runner',
        'resource-manager-endpoint': i.armEndpoint,
        'authority-host': i.authorityHost,
        'template-file': template,
        parameters: '{"prefix": "demo"}',
        'poll-interval': '1s'
      },
      env: { NODE_EXTRA_CA_CERTS: i.caCertPath },
      onLine: (line) => lines.push(line)
    })
    const text = lines.map((l) => l.text).join('\n')
    expect(run.exitCode, text).toBe(0)
    expect(run.outputs.get('provisioning-state')).toBe('Succeeded')
    expect(run.outputs.get('pipName')).toBe('demo-pip')
    expect(run.summary).toContain('demo-pip')
    expect([...run.masked]).toContain(i.clientSecret)
    expect(text).not.toContain(i.clientSecret)
    expect(lines.some((l) => l.kind === 'group')).toBe(true)
  })
})
