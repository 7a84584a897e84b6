// The request body validate, what-if and create send: validation-level and rollback-on-error land in
// properties as ARM names them.
import { describe, expect, it } from 'vitest'
import { deploymentRequest } from '../../src/deployment/deployment-request.js'
import { getInputs } from '../../src/input-helper.js'
import type { DeploymentContent } from '../../src/template/deployment-content.js'

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
  return getInputs((n) => inputs[n] ?? '', {
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
