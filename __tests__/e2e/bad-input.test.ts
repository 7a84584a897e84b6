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
    // Issue 11, items 9-13: checked before sign-in, the template-dependent ones after loading it.
    [
      'masked-outputs',
      { 'masked-outputs': 'vnetname, conectionString' },
      "Input 'masked-outputs' names 'conectionString', which the template does not declare as an output: expected names of the template's outputs (vnetName, settings, secret)."
    ],
    [
      'resource-group-name',
      { scope: 'subscription', 'resource-group-name': 'rg-hub' },
      "Input 'resource-group-name' contradicts 'scope: subscription': a subscription deployment has no resource group; expected no 'resource-group-name' with that scope, or 'scope: resourceGroup'."
    ],
    [
      'mode',
      { mode: 'Complete' },
      "Input 'mode' is 'Complete', but scope is 'subscription': Azure deploys in Complete mode only at resource group scope; expected mode Incremental (or leave it out) at subscription scope."
    ],
    [
      'scope',
      {
        scope: 'tenant',
        'template-file': '__tests__/fixtures/templates/subscription-rg.json',
        parameters: '{"groupName": "rg-new"}'
      },
      "Input 'scope' is 'tenant', but the template's $schema is subscriptionDeploymentTemplate.json, a template for another scope: expected a template whose $schema is tenantDeploymentTemplate.json (or deploymentTemplate.json), or the scope the template was written for."
    ],
    [
      'creds',
      {
        'client-id': '',
        'tenant-id': '',
        'client-secret': '',
        creds: JSON.stringify({ appId: '1a2b3c4d-0000-4000-8000-00000000c001', password: 'p' })
      },
      "Input 'creds' has no 'tenantId' (az ad sp create-for-rbac calls it 'tenant') for auth-type 'secret': expected it in 'creds', or the input 'tenant-id'."
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

  // Issue 4's list, end to end for one case of each kind (inputs, template, parameters, sign-in):
  // each names the input (or both, for a conflict) and what was expected. The rest of the list, with
  // exact messages, is unit-tested where it is checked: unit/settings/read-inputs.test.ts (scopes, GUIDs,
  // durations, names, conflicts) and unit/template/deployment-content.test.ts (files, parameters).
  it.each([
    [
      'malformed template JSON',
      { 'template-file': MALFORMED },
      [/'template-file'/, /malformed\.json/, /line 6/, /column 5/]
    ],
    [
      'parameters that are not a JSON object',
      { parameters: '["a", "b"]' },
      [/Input 'parameters'/, /object/]
    ],
    [
      'a client secret and a certificate',
      { 'client-certificate': 'client.pem' },
      [
        /Inputs 'client-secret' and 'client-certificate' conflict: expected one credential, not both/
      ]
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
