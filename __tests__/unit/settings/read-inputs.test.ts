import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import { InputError } from '../../../src/errors.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const TENANT = '72f988bf-0000-4000-8000-00000000e001'
const CLIENT = '1a2b3c4d-0000-4000-8000-00000000c001'
const OTHER = '99999999-0000-4000-8000-000000000999'
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n'
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/x',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req',
  GITHUB_RUN_ID: '42',
  GITHUB_WORKSPACE: '/ws'
}
const base = {
  'template-file': 'infra/hub.json',
  'subscription-id': SUB,
  'resource-group-name': 'rg-hub',
  'tenant-id': TENANT,
  'client-id': CLIENT
}

function read(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = OIDC_ENV,
  files: Record<string, string> = {}
) {
  return getInputs(runnerInputs(inputs), {
    env,
    readFile: (p) => {
      if (p in files) return files[p]
      throw new Error('ENOENT')
    },
    now: () => 0
  })
}

function errorOf(
  inputs: Record<string, string>,
  env?: Record<string, string | undefined>
): InputError {
  try {
    read(inputs, env)
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no error')
}

describe('getInputs: a good configuration', () => {
  it('builds the settings object', () => {
    const s = read({
      ...base,
      tags: '{"env":"prod"}',
      'masked-outputs': 'a, b\nc',
      'poll-interval': '10s'
    })
    expect(s.scope).toEqual({
      type: 'resourceGroup',
      subscriptionId: SUB,
      resourceGroupName: 'rg-hub'
    })
    expect(s.auth).toEqual({
      type: 'oidc',
      tenantId: TENANT,
      clientId: CLIENT,
      audience: 'api://AzureADTokenExchange'
    })
    expect(s.cloud).toMatchObject({
      name: 'azureCloud',
      resourceManagerEndpoint: 'https://management.azure.com',
      armScope: 'https://management.azure.com/.default'
    })
    expect(s.template).toEqual({ templateFile: '/ws/infra/hub.json', parametersFiles: [] })
    expect(s.mode).toBe('Incremental')
    expect(s.tags).toEqual({ env: 'prod' })
    expect(s.maskedOutputs).toEqual(['a', 'b', 'c'])
    expect(s.timing).toEqual({
      pollIntervalMs: 10_000,
      timeoutMs: 21_600_000,
      tokenRefreshIntervalMs: 2_700_000
    })
    expect(s.name).toMatch(/^hub-42-[0-9a-f]{8}$/)
    expect(s.nameIsDefault).toBe(true)
  })

  it('the default name is the same in two workspaces (a re-run on another self-hosted runner attaches)', () => {
    const inputs = { ...base, 'client-secret': 's3cret-value' }
    const one = read(inputs, { ...OIDC_ENV, GITHUB_WORKSPACE: '/runner-a/_work/repo/repo' })
    const two = read(inputs, {
      ...OIDC_ENV,
      GITHUB_WORKSPACE: '/home/b/actions-runner/_work/repo/repo'
    })
    expect(one.template.templateFile).toBe('/runner-a/_work/repo/repo/infra/hub.json')
    expect(two.name).toBe(one.name)
    // ./infra/hub.json is the same file
    const dotted = read({ ...inputs, 'template-file': './infra/hub.json' })
    expect(dotted.name).toBe(read(inputs).name)
  })

  it('defaults to subscription scope without a resource group', () => {
    const { 'resource-group-name': _, ...rest } = base
    expect(read({ ...rest, location: 'westeurope' }).scope).toEqual({
      type: 'subscription',
      subscriptionId: SUB,
      location: 'westeurope'
    })
  })

  it('reads management group and tenant scopes', () => {
    const { 'resource-group-name': _, ...noGroup } = base
    expect(
      read({
        ...noGroup,
        scope: 'managementGroup',
        'management-group-id': 'mg-platform',
        location: 'westeurope'
      }).scope
    ).toEqual({
      type: 'managementGroup',
      managementGroupId: 'mg-platform',
      location: 'westeurope'
    })
    expect(read({ ...noGroup, scope: 'TENANT', location: 'westeurope' }).scope).toEqual({
      type: 'tenant',
      location: 'westeurope'
    })
  })

  it('picks secret, then certificate, then OIDC for auth-type auto', () => {
    expect(read({ ...base, 'client-secret': 's3cret' }).auth.type).toBe('secret')
    expect(read({ ...base, 'client-certificate': PEM }).auth).toMatchObject({
      type: 'certificate',
      certificatePem: PEM.trim()
    })
    expect(read(base).auth.type).toBe('oidc')
  })

  it('reads a certificate from a file', () => {
    const s = read({ ...base, 'client-certificate': '/secrets/sp.pem' }, OIDC_ENV, {
      '/secrets/sp.pem': PEM
    })
    expect(s.auth).toMatchObject({ type: 'certificate', certificatePem: PEM })
  })

  it("accepts azure/login's creds JSON", () => {
    const creds = JSON.stringify({
      clientId: CLIENT,
      clientSecret: 'from-creds',
      subscriptionId: SUB,
      tenantId: TENANT
    })
    const s = read({ creds, 'resource-group-name': 'rg', 'template-file': 't.json' }, {})
    expect(s.auth).toEqual({
      type: 'secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'from-creds'
    })
    expect(s.scope).toMatchObject({ subscriptionId: SUB })
  })

  it("accepts az ad sp create-for-rbac's output as creds (appId, password, tenant)", () => {
    const creds = JSON.stringify({
      appId: CLIENT,
      displayName: 'deployer',
      password: 'from-rbac',
      tenant: TENANT
    })
    const s = read(
      { creds, 'resource-group-name': 'rg', 'subscription-id': SUB, 'template-file': 't.json' },
      {}
    )
    expect(s.auth).toEqual({
      type: 'secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'from-rbac'
    })
    expect(s.scope).toMatchObject({ subscriptionId: SUB })
  })

  it('creds and an input holding the same value are no conflict', () => {
    const creds = JSON.stringify({
      clientId: CLIENT,
      clientSecret: 's',
      subscriptionId: SUB.toUpperCase(),
      tenantId: TENANT
    })
    const s = read({ ...base, creds, 'client-id': CLIENT }, {})
    expect(s.auth).toMatchObject({ type: 'secret', clientId: CLIENT, clientSecret: 's' })
    expect(s.scope).toMatchObject({ subscriptionId: SUB })
  })

  it('overrides endpoints for custom clouds', () => {
    const s = read({
      ...base,
      'resource-manager-endpoint': 'https://127.0.0.1:8443/',
      'authority-host': 'https://127.0.0.1:8443'
    })
    expect(s.cloud).toMatchObject({
      name: 'custom',
      resourceManagerEndpoint: 'https://127.0.0.1:8443',
      authorityHost: 'https://127.0.0.1:8443',
      armScope: 'https://127.0.0.1:8443/.default'
    })
  })

  it('mode Complete at resource group scope, and any mode for attach', () => {
    expect(read({ ...base, mode: 'Complete' }).mode).toBe('Complete')
    const { 'resource-group-name': _, 'template-file': _t, ...noGroup } = base
    const attach = read({ ...noGroup, operation: 'attach', name: 'hub', mode: 'Complete' })
    expect(attach.scope.type).toBe('subscription')
  })

  it('on-active-deployment: wait by default, attach and fail when asked', () => {
    expect(read(base).onActiveDeployment).toBe('wait')
    expect(read({ ...base, 'on-active-deployment': 'Attach' }).onActiveDeployment).toBe('attach')
    expect(read({ ...base, 'on-active-deployment': 'fail' }).onActiveDeployment).toBe('fail')
  })

  it('keeps a given name', () => {
    const s = read({ ...base, name: 'hub-prod' })
    expect(s.name).toBe('hub-prod')
    expect(s.nameIsDefault).toBe(false)
  })
})

describe('getInputs: each bad input gets one error naming it', () => {
  const { 'resource-group-name': _, ...noGroup } = base
  const { 'client-id': _c, 'tenant-id': _t, ...noIds } = base
  it.each<
    [string, Record<string, string>, Record<string, string | undefined> | undefined, string, string]
  >([
    [
      // action.yml's default applies only to an input left out; the reader has none of its own.
      'an input with a default set to empty',
      { ...base, timeout: '' },
      undefined,
      'timeout',
      "Input 'timeout' is required: expected a positive duration like 30s, 45m, 1h30m or a number of seconds."
    ],
    [
      'unknown scope',
      { ...base, scope: 'region' },
      undefined,
      'scope',
      "Input 'scope' has 'region': expected one of resourceGroup, subscription, managementGroup, tenant."
    ],
    [
      'resource group scope without a group',
      { ...noGroup, scope: 'resourceGroup' },
      undefined,
      'resource-group-name',
      "Input 'resource-group-name' is required for scope 'resourceGroup': expected the name of an existing resource group."
    ],
    [
      'subscription scope without location',
      { ...noGroup },
      undefined,
      'location',
      "Input 'location' is required for scope 'subscription': expected an Azure region like westeurope."
    ],
    [
      'management group scope without location',
      { ...noGroup, scope: 'managementGroup', 'management-group-id': 'mg' },
      undefined,
      'location',
      "Input 'location' is required for scope 'managementGroup': expected an Azure region like westeurope."
    ],
    [
      'tenant scope without location',
      { ...noGroup, scope: 'tenant' },
      undefined,
      'location',
      "Input 'location' is required for scope 'tenant': expected an Azure region like westeurope."
    ],
    [
      'management group scope without id',
      { ...noGroup, scope: 'managementGroup', location: 'westeurope' },
      undefined,
      'management-group-id',
      "Input 'management-group-id' is required for scope 'managementGroup': expected the management group id."
    ],
    [
      'a name too long',
      { ...base, name: 'n'.repeat(65) },
      undefined,
      'name',
      `Input 'name' has '${'n'.repeat(57)}...': it is 65 characters long, at most 64 are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters).`
    ],
    [
      'a name with illegal characters',
      { ...base, name: 'hub deploy!' },
      undefined,
      'name',
      "Input 'name' has 'hub deploy!': only letters, digits, and - _ . ( ) are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters)."
    ],
    [
      'a bad duration',
      { ...base, timeout: '2 hours' },
      undefined,
      'timeout',
      "Input 'timeout' has '2 hours': expected a positive duration like 30s, 45m, 1h30m or a number of seconds."
    ],
    [
      'a zero duration',
      { ...base, 'poll-interval': '0' },
      undefined,
      'poll-interval',
      "Input 'poll-interval' has '0': expected a positive duration like 30s, 45m, 1h30m or a number of seconds."
    ],
    [
      'poll interval longer than timeout',
      { ...base, 'poll-interval': '10m', timeout: '5m' },
      undefined,
      'poll-interval',
      "Input 'poll-interval' (10m) is longer than 'timeout' (5m): expected a poll interval no longer than the timeout."
    ],
    [
      'a non-GUID subscription',
      { ...base, 'subscription-id': 'my-sub' },
      undefined,
      'subscription-id',
      "Input 'subscription-id' has 'my-sub': expected the subscription id, a GUID like 00000000-0000-0000-0000-000000000000."
    ],
    [
      'a non-GUID tenant',
      { ...base, 'tenant-id': 'contoso.onmicrosoft.com' },
      undefined,
      'tenant-id',
      "Input 'tenant-id' has 'contoso.onmicrosoft.com': expected the Entra tenant id, a GUID like 00000000-0000-0000-0000-000000000000."
    ],
    [
      'a non-GUID client',
      { ...base, 'client-id': 'app' },
      undefined,
      'client-id',
      "Input 'client-id' has 'app': expected the application (client) id, a GUID like 00000000-0000-0000-0000-000000000000."
    ],
    [
      'a secret and a certificate',
      { ...base, 'client-secret': 's', 'client-certificate': PEM },
      undefined,
      'client-certificate',
      "Inputs 'client-secret' and 'client-certificate' conflict: expected one credential, not both."
    ],
    [
      'a secret with auth-type oidc',
      { ...base, 'auth-type': 'oidc', 'client-secret': 's' },
      undefined,
      'client-secret',
      "Input 'client-secret' conflicts with 'auth-type: oidc': expected no 'client-secret' with that auth type."
    ],
    [
      'auth-type secret without a secret',
      { ...base, 'auth-type': 'secret' },
      undefined,
      'client-secret',
      "Input 'client-secret' is required for auth-type 'secret': expected the client secret."
    ],
    [
      'OIDC without a client id',
      { ...base, 'client-id': '' },
      undefined,
      'client-id',
      "Input 'client-id' (or the environment variable AZURE_CLIENT_ID) is required for auth-type 'oidc': expected the application (client) id, a GUID."
    ],
    [
      'auth-type oidc without id-token permission',
      { ...base, 'auth-type': 'oidc' },
      {},
      'auth-type',
      "Input 'auth-type' is 'oidc' but the runner offers no GitHub ID token: add `permissions: id-token: write` to the workflow or job so the runner offers a GitHub ID token."
    ],
    [
      'auth-type auto with nothing available',
      base,
      {},
      'auth-type',
      "Input 'auth-type' is 'auto' but no credential is available: expected 'client-secret', 'client-certificate' or OIDC (for OIDC, set 'client-id' and 'tenant-id' and add `permissions: id-token: write` to the workflow or job so the runner offers a GitHub ID token)."
    ],
    [
      'an unknown auth type',
      { ...base, 'auth-type': 'password' },
      undefined,
      'auth-type',
      "Input 'auth-type' has 'password': expected one of auto, oidc, secret, certificate, managed-identity, azure-cli."
    ],
    [
      'creds that are not JSON',
      { ...base, 'tenant-id': '', 'client-id': '', creds: '{clientSecret: hunter2' },
      undefined,
      'creds',
      "Input 'creds' is not valid JSON: expected azure/login's JSON object with clientId, tenantId, subscriptionId and clientSecret, or the output of az ad sp create-for-rbac (appId, password, tenant)."
    ],
    [
      'creds next to a different client-id',
      { ...base, creds: JSON.stringify({ clientId: OTHER }) },
      undefined,
      'client-id',
      "Inputs 'client-id' and 'creds' (clientId) conflict: they hold different values; expected the value in one place, or the same value in both."
    ],
    [
      "creds' appId next to a different client-id",
      { ...base, creds: JSON.stringify({ appId: OTHER, password: 'p', tenant: TENANT }) },
      undefined,
      'client-id',
      "Inputs 'client-id' and 'creds' (appId) conflict: they hold different values; expected the value in one place, or the same value in both."
    ],
    [
      'creds next to a different subscription-id',
      { ...base, creds: JSON.stringify({ subscriptionId: OTHER }) },
      undefined,
      'subscription-id',
      "Inputs 'subscription-id' and 'creds' (subscriptionId) conflict: they hold different values; expected the value in one place, or the same value in both."
    ],
    [
      'creds with clientId and appId that differ',
      { ...noIds, creds: JSON.stringify({ clientId: CLIENT, appId: OTHER, password: 'p' }) },
      undefined,
      'creds',
      "Input 'creds' has both 'clientId' and 'appId' with different values: expected one of them."
    ],
    [
      'creds without a client id',
      { ...noIds, creds: JSON.stringify({ password: 'p', tenant: TENANT }) },
      undefined,
      'creds',
      "Input 'creds' has no 'clientId' (az ad sp create-for-rbac calls it 'appId') for auth-type 'secret': expected it in 'creds', or the input 'client-id'."
    ],
    [
      'creds without a tenant',
      { ...noIds, creds: JSON.stringify({ appId: CLIENT, password: 'p' }) },
      undefined,
      'creds',
      "Input 'creds' has no 'tenantId' (az ad sp create-for-rbac calls it 'tenant') for auth-type 'secret': expected it in 'creds', or the input 'tenant-id'."
    ],
    [
      'creds without a secret and no OIDC',
      { ...noIds, creds: JSON.stringify({ appId: CLIENT, tenant: TENANT }) },
      {},
      'creds',
      "Input 'creds' has no 'clientSecret' (az ad sp create-for-rbac calls it 'password'): expected it in 'creds', or the input 'client-secret'."
    ],
    [
      'creds without a subscription at subscription scope',
      {
        'template-file': 't.json',
        location: 'westeurope',
        creds: JSON.stringify({ appId: CLIENT, password: 'p', tenant: TENANT })
      },
      {},
      'subscription-id',
      "Input 'subscription-id' is required for scope 'subscription' ('creds' has no 'subscriptionId'): expected the subscription id, a GUID (or the environment variable AZURE_SUBSCRIPTION_ID)."
    ],
    [
      'creds with a tenant that is not a GUID',
      { ...noIds, creds: JSON.stringify({ appId: CLIENT, password: 'p', tenant: 'contoso' }) },
      undefined,
      'creds',
      "Input 'creds' has a bad 'tenant': expected a GUID."
    ],
    [
      'a certificate without a key',
      {
        ...base,
        'client-certificate': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----'
      },
      undefined,
      'client-certificate',
      "Input 'client-certificate' lacks a certificate or a private key: expected a PEM with the certificate and its private key."
    ],
    [
      'a certificate file that is not there',
      { ...base, 'client-certificate': '/nope.pem' },
      undefined,
      'client-certificate',
      "Input 'client-certificate' is neither PEM text nor a readable file: expected a PEM with the certificate and its private key."
    ],
    [
      'tags that are not an object',
      { ...base, tags: '["a"]' },
      undefined,
      'tags',
      'Input \'tags\' is not a JSON object: expected a JSON object like {"key": "value"}.'
    ],
    [
      'tags with a non-string value',
      { ...base, tags: '{"n": 1}' },
      undefined,
      'tags',
      "Input 'tags' has a non-string value for 'n': expected a JSON object of strings."
    ],
    [
      'an unknown environment',
      { ...base, environment: 'azureGermanCloud' },
      undefined,
      'environment',
      "Input 'environment' has 'azureGermanCloud': expected one of azureCloud, azureUSGovernment, azureChinaCloud."
    ],
    [
      'an http endpoint',
      { ...base, 'resource-manager-endpoint': 'http://localhost:8080' },
      undefined,
      'resource-manager-endpoint',
      "Input 'resource-manager-endpoint' has 'http://localhost:8080': expected an https URL."
    ],
    [
      'a resource group with scope subscription',
      { ...base, scope: 'subscription', location: 'westeurope' },
      undefined,
      'resource-group-name',
      "Input 'resource-group-name' contradicts 'scope: subscription': a subscription deployment has no resource group; expected no 'resource-group-name' with that scope, or 'scope: resourceGroup'."
    ],
    [
      'a management group with scope tenant',
      { ...noGroup, scope: 'tenant', 'management-group-id': 'mg1', location: 'westeurope' },
      undefined,
      'management-group-id',
      "Input 'management-group-id' contradicts 'scope: tenant': a tenant deployment has no management group; expected no 'management-group-id' with that scope, or 'scope: managementGroup'."
    ],
    [
      'a resource group with scope managementGroup',
      { ...base, scope: 'managementGroup', 'management-group-id': 'mg1', location: 'westeurope' },
      undefined,
      'resource-group-name',
      "Input 'resource-group-name' contradicts 'scope: managementGroup': a management group deployment has no resource group; expected no 'resource-group-name' with that scope, or 'scope: resourceGroup'."
    ],
    [
      'a management group next to a resource group, no scope',
      { ...base, 'management-group-id': 'mg1' },
      undefined,
      'management-group-id',
      "Input 'management-group-id' contradicts 'resource-group-name', which implies scope 'resourceGroup': a resource group deployment has no management group; expected no 'management-group-id' with that scope, or 'scope: managementGroup'."
    ],
    [
      'a management group given as its resource id',
      {
        ...noGroup,
        scope: 'managementGroup',
        'management-group-id': '/providers/Microsoft.Management/managementGroups/mg1',
        location: 'westeurope'
      },
      undefined,
      'management-group-id',
      "Input 'management-group-id' has '/providers/Microsoft.Management/managementGroups/mg1', a resource id: expected the management group's id alone, 'mg1'."
    ],
    [
      'a management group id with a slash',
      {
        ...noGroup,
        scope: 'managementGroup',
        'management-group-id': 'mg/1',
        location: 'westeurope'
      },
      undefined,
      'management-group-id',
      "Input 'management-group-id' has 'mg/1': expected a management group id, 1-90 letters, digits, - _ . ( ), not ending in a period."
    ],
    [
      'mode Complete at subscription scope',
      { ...noGroup, mode: 'complete', location: 'westeurope' },
      undefined,
      'mode',
      "Input 'mode' is 'Complete', but scope is 'subscription': Azure deploys in Complete mode only at resource group scope; expected mode Incremental (or leave it out) at subscription scope."
    ],
    [
      'mode Complete at management group scope',
      {
        ...noGroup,
        mode: 'Complete',
        scope: 'managementGroup',
        'management-group-id': 'mg1',
        location: 'westeurope'
      },
      undefined,
      'mode',
      "Input 'mode' is 'Complete', but scope is 'managementGroup': Azure deploys in Complete mode only at resource group scope; expected mode Incremental (or leave it out) at management group scope."
    ],
    [
      'mode Complete at tenant scope',
      { ...noGroup, mode: 'Complete', scope: 'tenant', location: 'westeurope' },
      undefined,
      'mode',
      "Input 'mode' is 'Complete', but scope is 'tenant': Azure deploys in Complete mode only at resource group scope; expected mode Incremental (or leave it out) at tenant scope."
    ],
    [
      'masked-outputs as a JSON array',
      { ...base, 'masked-outputs': '["adminPassword", "connectionString"]' },
      undefined,
      'masked-outputs',
      "Input 'masked-outputs' has '[\"adminPassword\"', which is not an output name: expected template output names separated by commas or new lines, like 'adminPassword, connectionString'."
    ],
    [
      'masked-outputs as a YAML list',
      { ...base, 'masked-outputs': '- adminPassword\n- connectionString' },
      undefined,
      'masked-outputs',
      "Input 'masked-outputs' has '- adminPassword', which is not an output name: expected template output names separated by commas or new lines, like 'adminPassword, connectionString'."
    ],
    [
      'masked-outputs separated by spaces',
      { ...base, 'masked-outputs': 'adminPassword connectionString' },
      undefined,
      'masked-outputs',
      "Input 'masked-outputs' has 'adminPassword connectionString', which is not an output name: expected template output names separated by commas or new lines, like 'adminPassword, connectionString'."
    ],
    [
      'an unknown on-active-deployment',
      { ...base, 'on-active-deployment': 'replace' },
      undefined,
      'on-active-deployment',
      "Input 'on-active-deployment' has 'replace': expected one of wait, attach, fail."
    ],
    [
      'an unknown mode',
      { ...base, mode: 'Replace' },
      undefined,
      'mode',
      "Input 'mode' has 'Replace': expected one of Incremental, Complete."
    ]
  ])('%s', (_what, inputs, env, input, message) => {
    const error = errorOf(inputs, env)
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('never echoes a secret from creds', () => {
    const error = errorOf({
      ...base,
      'tenant-id': '',
      'client-id': '',
      creds: '{"clientSecret": "hunter2'
    })
    expect(error.message).not.toContain('hunter2')
  })
})

// Input rules for attach, wait and cancel-on-abort (issue 4): exact messages, before any Azure call.
describe('getInputs: attach, wait and cancel-on-abort', () => {
  const SUB = '00000000-0000-4000-8000-00000000a001'
  const TENANT = '72f988bf-0000-4000-8000-00000000e001'
  const CLIENT = '1a2b3c4d-0000-4000-8000-00000000c001'
  const ENV = { GITHUB_RUN_ID: '42', GITHUB_WORKSPACE: '/ws' }
  const auth = { 'tenant-id': TENANT, 'client-id': CLIENT, 'client-secret': 's3cret' }
  const deploy = {
    ...auth,
    'template-file': 'infra/hub.json',
    'resource-group-name': 'rg-hub',
    'subscription-id': SUB
  }
  const attach = { ...auth, operation: 'attach', name: 'hub-42-abcd1234', 'subscription-id': SUB }

  function read(inputs: Record<string, string>) {
    return getInputs(runnerInputs(inputs), {
      env: ENV,
      readFile: () => {
        throw new Error('ENOENT')
      },
      now: () => 0
    })
  }

  function errorOf(inputs: Record<string, string>): string {
    try {
      read(inputs)
    } catch (e) {
      if (e instanceof InputError) return `${e.input}: ${e.message}`
      throw e
    }
    throw new Error('no error')
  }

  describe('operation, wait and cancel-on-abort', () => {
    it('defaults: create, wait, do not cancel on abort', () => {
      const s = read(deploy)
      expect(s.operation).toBe('create')
      expect(s.wait).toBe(true)
      expect(s.cancelOnAbort).toBe(false)
    })

    it('reads wait: false and cancel-on-abort: true', () => {
      const s = read({ ...deploy, wait: 'false', 'cancel-on-abort': 'true' })
      expect(s.wait).toBe(false)
      expect(s.cancelOnAbort).toBe(true)
    })

    it('attach needs no template and no location, only the name and the scope', () => {
      const s = read(attach)
      expect(s.operation).toBe('attach')
      expect(s.name).toBe('hub-42-abcd1234')
      expect(s.nameIsDefault).toBe(false)
      expect(s.scope).toEqual({ type: 'subscription', subscriptionId: SUB, location: '' })
      expect(s.template).toEqual({ parametersFiles: [] })
    })

    it('attach at resource group scope', () => {
      const s = read({ ...attach, 'resource-group-name': 'rg-hub' })
      expect(s.scope).toEqual({
        type: 'resourceGroup',
        subscriptionId: SUB,
        resourceGroupName: 'rg-hub'
      })
    })

    it('attach without a name is an input error', () => {
      expect(errorOf({ ...attach, name: '' })).toBe(
        "name: Input 'name' is required for operation 'attach': expected the name of the deployment to wait for."
      )
    })

    it('attach with wait: false is an input error', () => {
      expect(errorOf({ ...attach, wait: 'false' })).toBe(
        "wait: Input 'wait' is false, but operation 'attach' only waits for a deployment: expected wait: true (or leave it out) with operation 'attach'."
      )
    })

    it('attach still checks the name against ARM rules', () => {
      expect(errorOf({ ...attach, name: 'bad name!' })).toBe(
        "name: Input 'name' has 'bad name!': only letters, digits, and - _ . ( ) are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters)."
      )
    })

    it('a bad wait or cancel-on-abort value names the input', () => {
      expect(errorOf({ ...deploy, wait: 'maybe' })).toBe(
        "wait: Input 'wait' has 'maybe': expected true or false."
      )
      expect(errorOf({ ...deploy, 'cancel-on-abort': 'sometimes' })).toBe(
        "cancel-on-abort: Input 'cancel-on-abort' has 'sometimes': expected true or false."
      )
    })

    it('an unknown operation lists the allowed ones', () => {
      expect(errorOf({ ...deploy, operation: 'destroy' })).toMatch(
        /^operation: Input 'operation' has 'destroy': expected one of create, .*attach/
      )
    })

    it('create still needs a template', () => {
      expect(errorOf({ ...auth, 'subscription-id': SUB, 'resource-group-name': 'rg' })).toMatch(
        /template-file/
      )
    })
  })
})
