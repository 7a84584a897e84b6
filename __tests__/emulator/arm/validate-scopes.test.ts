// validate at every scope answers a DeploymentValidateResult: id, name, type and properties only
// (2025-04-01 OpenAPI and its PostDeploymentValidateOn* examples), never the request's location
// or tags. fakeArm's schema gate fails the call otherwise.
import { describe, expect, it } from 'vitest'
import { fakeArm, SUB, type Wire } from './fake-context.js'

const DEPLOYMENTS = 'providers/Microsoft.Resources/deployments'
const SCOPES: Array<[string, string]> = [
  ['resource group', `/subscriptions/${SUB}/resourceGroups/rg-emulator/${DEPLOYMENTS}/v`],
  ['subscription', `/subscriptions/${SUB}/${DEPLOYMENTS}/v`],
  ['management group', `/providers/Microsoft.Management/managementGroups/mg-1/${DEPLOYMENTS}/v`],
  ['tenant', `/${DEPLOYMENTS}/v`]
]

const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { name: { type: 'string', defaultValue: 'x' } },
  resources: [],
  outputs: { echo: { type: 'string', value: "[parameters('name')]" } }
}

describe('ARM deployments: validate answers in the DeploymentValidateResult shape', () => {
  for (const [scope, path] of SCOPES) {
    it(`${scope}: no location or tags in the answer, even when the request has them`, async () => {
      const { call } = fakeArm()
      const res = await call('POST', `${path}/validate`, {
        location: 'westeurope',
        tags: { owner: 'tests' },
        properties: { mode: 'Incremental', template, parameters: { name: { value: 'y' } } }
      })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.schema).toBe('DeploymentValidateResult')
      const body: Wire = res.body
      expect(Object.keys(body).sort()).toEqual(['id', 'name', 'properties', 'type'])
      expect(body.id).toBe(path)
      expect(body.properties.provisioningState).toBe('Succeeded')
      expect(body.properties.parameters).toEqual({ name: { type: 'String', value: 'y' } })
    })
  }
})
