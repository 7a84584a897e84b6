// The demo and the bench read the action's log through scripts/lib/action-runner.ts' onLine (workflow
// commands rendered, registered secrets masked), which the e2e tests (raw stdout) do not: prove that
// against the emulator (inputs in, outputs, summary and masks out).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runAction, type RenderedLine } from '../../scripts/lib/action-runner.js'
import { useEmulator } from '../helpers/emulator.js'

const started = useEmulator({ timeScale: 60 })
const template = join(mkdtempSync(join(tmpdir(), 'runner-e2e-')), 'one.json')

beforeAll(() => {
  const emulator = started()
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

describe('runAction', () => {
  it('runs dist/index.js as the runner would and reads back outputs, summary and masks', async () => {
    const i = started().info
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
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    expect(run.outputs.pipName).toBe('demo-pip')
    expect(run.summary).toContain('demo-pip')
    expect([...run.masked]).toContain(i.clientSecret)
    expect(text).not.toContain(i.clientSecret)
    expect(lines.some((l) => l.kind === 'group')).toBe(true)
  })
})
