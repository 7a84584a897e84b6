// Moving from azure/login or Azure/bicep-deploy: the ids fall back to the AZURE_* variables those
// users already export, so `auth-type: auto` with `id-token: write` signs in with OIDC.
import { describe, expect, it } from 'vitest'
import { getInputs } from '../../../src/settings/read-inputs.js'
import { runnerInputs } from '../../helpers/inputs.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const TENANT = '72f988bf-0000-4000-8000-00000000e001'
const CLIENT = '1a2b3c4d-0000-4000-8000-00000000c001'
const OTHER = '99999999-0000-4000-8000-00000000c009'
const OIDC = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/x',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req',
  GITHUB_RUN_ID: '42',
  GITHUB_WORKSPACE: '/ws'
}
const AZURE = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_SUBSCRIPTION_ID: SUB }

const read = (inputs: Record<string, string>, env: Record<string, string>) =>
  getInputs(runnerInputs(inputs), {
    env,
    readFile: () => {
      throw new Error('ENOENT')
    },
    now: () => 0
  })

const template = { 'template-file': 'main.json', 'resource-group-name': 'rg' }

describe('AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_SUBSCRIPTION_ID', () => {
  it('stand in for the id inputs, and auto picks OIDC with id-token: write', () => {
    const s = read(template, { ...OIDC, ...AZURE })
    expect(s.auth).toEqual({
      type: 'oidc',
      clientId: CLIENT,
      tenantId: TENANT,
      audience: 'api://AzureADTokenExchange'
    })
    expect(s.scope).toEqual({ type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' })
  })

  it('give way to the inputs and to azure/login’s creds', () => {
    const s = read(
      { ...template, 'client-id': OTHER, 'tenant-id': TENANT, 'subscription-id': OTHER },
      { ...OIDC, ...AZURE, AZURE_TENANT_ID: 'not-used' }
    )
    expect(s.auth).toMatchObject({ clientId: OTHER, tenantId: TENANT })
    expect(s.scope).toMatchObject({ subscriptionId: OTHER })
    const creds = JSON.stringify({
      clientId: OTHER,
      tenantId: TENANT,
      subscriptionId: OTHER,
      clientSecret: 's3cret'
    })
    const c = read({ ...template, creds }, { ...OIDC, ...AZURE })
    expect(c.auth).toMatchObject({ type: 'secret', clientId: OTHER })
    expect(c.scope).toMatchObject({ subscriptionId: OTHER })
  })

  it('are checked like the inputs, naming the variable and the input', () => {
    expect(() => read(template, { ...OIDC, ...AZURE, AZURE_CLIENT_ID: 'my-app' })).toThrow(
      "Environment variable AZURE_CLIENT_ID (used because input 'client-id' is not set) has 'my-app': expected the application (client) id, a GUID like 00000000-0000-0000-0000-000000000000."
    )
  })

  it('are named when neither they nor the input is set', () => {
    expect(() =>
      read(template, { ...OIDC, AZURE_TENANT_ID: TENANT, AZURE_SUBSCRIPTION_ID: SUB })
    ).toThrow(
      "Input 'client-id' (or the environment variable AZURE_CLIENT_ID) is required for auth-type 'oidc': expected the application (client) id, a GUID."
    )
  })
})

describe('bicep-version', () => {
  it('takes bicep-deploy’s spelling, with or without the v', () => {
    const env = { ...OIDC, ...AZURE }
    expect(read({ ...template, 'bicep-version': 'v0.30.23' }, env).template.bicepVersion).toBe(
      '0.30.23'
    )
    expect(() => read({ ...template, 'bicep-version': 'latest' }, env)).toThrow(
      "Input 'bicep-version' has 'latest': expected a Bicep release like 0.30.23."
    )
  })
})
