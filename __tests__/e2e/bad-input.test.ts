// Bad input ends with one error naming the input, exit 1, and nothing sent to ARM.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, REPO_ROOT, runAction, secretInputs } from '../helpers/run-action.js'

/** A template missing a comma between two resources (line 6, column 5); written here, not kept as
 * a fixture, because prettier --check would refuse the file. */
const MALFORMED = '.tmp/e2e/malformed.json'
beforeAll(() => {
  mkdirSync(join(REPO_ROOT, '.tmp/e2e'), { recursive: true })
  writeFileSync(
    join(REPO_ROOT, MALFORMED),
    [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "contentVersion": "1.0.0.0",',
      '  "resources": [',
      '    { "type": "Microsoft.Network/virtualNetworks", "name": "vnet" }',
      '    { "type": "Microsoft.Network/publicIPAddresses", "name": "pip" }',
      '  ]',
      '}',
      ''
    ].join('\n')
  )
})

const emulator = useEmulator({ timeScale: 60 })

describe('bad input', () => {
  it.each([
    [
      'poll-interval',
      { 'poll-interval': 'often' },
      "Input 'poll-interval' has 'often': expected a positive duration like 30s, 45m, 1h30m or a number of seconds."
    ],
    [
      'location',
      { location: '' },
      "Input 'location' is required for scope 'subscription': expected an Azure region like westeurope."
    ],
    [
      'name',
      { name: 'hub deploy' },
      "Input 'name' has 'hub deploy': only letters, digits, and - _ . ( ) are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters)."
    ]
  ])('%s', async (_input, bad, message) => {
    const e = emulator()
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        ...bad
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([message])
    expect(e.requestLog().slice(before)).toEqual([])
  })

  // Issue 4's list: each names the input (or both, for a conflict) and what was expected.
  it.each([
    [
      'unknown scope',
      { scope: 'region' },
      [/Input 'scope'/, /resourceGroup, subscription, managementGroup/]
    ],
    [
      'resource-group scope without resource-group-name',
      { scope: 'resourceGroup' },
      [/'resource-group-name'/, /resourceGroup/]
    ],
    [
      'management-group scope without location',
      { scope: 'managementGroup', 'management-group-id': 'mg-platform', location: '' },
      [/Input 'location' is required for scope 'managementGroup'/]
    ],
    [
      'tenant scope without location',
      { scope: 'tenant', location: '' },
      [/Input 'location' is required for scope 'tenant'/]
    ],
    [
      'malformed template JSON',
      { 'template-file': MALFORMED },
      [/'template-file'/, /malformed\.json/, /line 6/, /column 5/]
    ],
    [
      'a missing template file',
      { 'template-file': 'templates/nope.json' },
      [/'template-file'/, /nope\.json/]
    ],
    [
      'a missing parameters file',
      { 'parameters-file': 'nope.parameters.json' },
      [/'parameters-file'/, /nope\.parameters\.json/]
    ],
    [
      'parameters that are not a JSON object',
      { parameters: '["a", "b"]' },
      [/Input 'parameters'/, /object/]
    ],
    ['a deployment name that is too long', { name: 'x'.repeat(65) }, [/Input 'name'/, /64/]],
    [
      'a bad timeout',
      { timeout: 'two hours' },
      [/Input 'timeout' has 'two hours': expected a positive duration/]
    ],
    [
      'a non-GUID subscription id',
      { 'subscription-id': 'my-subscription' },
      [/Input 'subscription-id'/, /GUID/]
    ],
    [
      'a non-GUID tenant id',
      { 'tenant-id': 'contoso.onmicrosoft.com' },
      [/Input 'tenant-id'/, /GUID/]
    ],
    ['a non-GUID client id', { 'client-id': 'deploy-app' }, [/Input 'client-id'/, /GUID/]],
    [
      'poll-interval longer than timeout',
      { 'poll-interval': '10m', timeout: '5m' },
      [/Input 'poll-interval' \(10m\) is longer than 'timeout' \(5m\)/]
    ],
    [
      'a client secret and a certificate',
      { 'client-certificate': 'client.pem' },
      [
        /Inputs 'client-secret' and 'client-certificate' conflict: expected one credential, not both/
      ]
    ],
    [
      'a client secret with auth-type oidc',
      { 'auth-type': 'oidc' },
      [/Input 'client-secret' conflicts with 'auth-type: oidc'/]
    ],
    [
      'a parameter the template does not declare',
      { parameters: '{"prefix": "ok", "sku": "Standard"}' },
      [/'sku'/, /not declare|does not have|unknown/i]
    ],
    [
      'a required parameter without a value',
      {
        'template-file': '__tests__/fixtures/templates/parameters.json',
        parameters: '{"sku": "Basic"}'
      },
      [/'adminPassword'/, /requires/]
    ]
  ] as Array<[string, Record<string, string>, RegExp[]]>)('%s', async (_case, bad, expected) => {
    const e = emulator()
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        ...bad
      }
    })
    expect(run.exitCode, run.stdout).toBe(1)
    expect(run.errors, run.stdout).toHaveLength(1)
    for (const pattern of expected) expect(run.errors[0]).toMatch(pattern)
    expect(run.stderr).toBe('')
    // Nothing reached the emulator, let alone a write to ARM.
    expect(e.requestLog().slice(before)).toEqual([])
  })

  it('asks for `permissions: id-token: write` when OIDC is impossible', async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      oidc: false,
      inputs: {
        ...emulatorInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('`permissions: id-token: write`')
  })
})

describe('auth-type oidc without the id-token permission', () => {
  it('says exactly that, before any call', async () => {
    const e = emulator()
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      oidc: false,
      inputs: {
        ...emulatorInputs(e),
        'auth-type': 'oidc',
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors, run.stdout).toHaveLength(1)
    expect(run.errors[0]).toContain('`permissions: id-token: write`')
    expect(e.requestLog().slice(before)).toEqual([])
  })
})
