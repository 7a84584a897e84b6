// The request body validate, what-if and create send: validation-level and rollback-on-error land in
// properties as ARM names them.
import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import { deploymentRequest } from '../../../src/deployment/deployment-request.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import { loadDeploymentContent } from '../../../src/template/deployment-content.js'
import type { DeploymentContent } from '../../../src/template/types.js'
import { FakeLogger } from '../../helpers/fakes.js'

const content: DeploymentContent = {
  template: { resources: [] },
  parameters: { tags: { value: { env: 'prod' } } },
  secureParameterNames: [],
  secureOutputNames: []
}

function settings(extra: Record<string, string>) {
  const inputs: Record<string, string> = {
    'template-file': 'main.json',
    'subscription-id': '00000000-0000-4000-8000-00000000a001',
    'resource-group-name': 'rg',
    'tenant-id': '72f988bf-0000-4000-8000-00000000e001',
    'client-id': '1a2b3c4d-0000-4000-8000-00000000c001',
    'client-secret': 'x',
    name: 'hub-2',
    ...extra
  }
  return getInputs(runnerInputs(inputs), {
    env: {},
    readFile: () => '',
    now: () => 0
  })
}

describe('deploymentRequest', () => {
  it('carries validationLevel and onErrorDeployment when asked', () => {
    const body = deploymentRequest(
      settings({ 'validation-level': 'ProviderNoRbac', 'rollback-on-error': 'hub-1' }),
      content
    )
    expect(body.properties).toEqual({
      mode: 'Incremental',
      template: { resources: [] },
      parameters: { tags: { value: { env: 'prod' } } },
      validationLevel: 'ProviderNoRbac',
      onErrorDeployment: { type: 'SpecificDeployment', deploymentName: 'hub-1' }
    })
    expect(
      deploymentRequest(settings({ 'rollback-on-error': 'true' }), content).properties
        .onErrorDeployment
    ).toEqual({ type: 'LastSuccessful' })
  })

  it('leaves both out by default', () => {
    const props = deploymentRequest(settings({}), content).properties
    expect(props).not.toHaveProperty('validationLevel')
    expect(props).not.toHaveProperty('onErrorDeployment')
  })
})

// The emulator cannot download links (no network), so the link sources are checked here, at the
// request body the SDK sends: template-uri → templateLink.uri, template-spec-id → templateLink.id,
// parameters-uri → parametersLink.uri, and nothing read from disk.
describe('deploymentRequest with linked sources', () => {
  const SPEC =
    '/subscriptions/00000000-0000-4000-8000-00000000a001/resourceGroups/specs/providers/Microsoft.Resources/templateSpecs/hub/versions/1.2.0'

  async function body(extra: Record<string, string>) {
    const s = settings({ 'template-file': '', ...extra })
    const loaded = await loadDeploymentContent(s.template, {
      logger: new FakeLogger(),
      readFile: () => Promise.reject(new Error('no file should be read'))
    })
    return deploymentRequest(s, loaded).properties
  }

  it('template-uri and parameters-uri become links', async () => {
    expect(
      await body({
        'template-uri': 'https://store.example/t/main.json?sv=1&sig=abc',
        'parameters-uri': 'https://store.example/t/main.parameters.json?sv=1&sig=abc'
      })
    ).toEqual({
      mode: 'Incremental',
      templateLink: { uri: 'https://store.example/t/main.json?sv=1&sig=abc' },
      parametersLink: { uri: 'https://store.example/t/main.parameters.json?sv=1&sig=abc' }
    })
  })

  it('template-spec-id becomes templateLink.id, with inline parameters beside it', async () => {
    expect(
      await body({ 'template-spec-id': SPEC, parameters: '{"prefix": "hub", "zones": [1, 2]}' })
    ).toEqual({
      mode: 'Incremental',
      templateLink: { id: SPEC },
      parameters: { prefix: { value: 'hub' }, zones: { value: [1, 2] } }
    })
  })
})
