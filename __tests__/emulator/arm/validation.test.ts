import { describe, expect, it } from 'vitest'
import { deploymentRequest, fakeArm, rgPath } from './fake-context.js'
import type { Wire } from './fake-context.js'
import { fixtureTemplate } from './templates.js'

const params = fixtureTemplate('parameters')

describe('ARM deployments: parameter checks as ARM makes them', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'missing required',
      { sku: 'Basic' },
      "The value for the template parameter 'adminPassword' at line '1' and column '1' is not provided."
    ],
    [
      'wrong type',
      { sku: 'Basic', adminPassword: 'x', count: 'two' },
      "Template parameter JToken type is not valid. Expected 'Integer'. Actual 'String'."
    ],
    [
      'not allowed',
      { sku: 'Premium', adminPassword: 'x' },
      "The provided value 'Premium' for the template parameter 'sku' is not valid. The parameter value is not part of the allowed value(s): 'Basic,Standard'."
    ],
    [
      'unknown',
      { sku: 'Basic', adminPassword: 'x', colour: 'red' },
      "The template parameters 'colour' in the parameters file are not valid; they are not present in the original template"
    ]
  ]

  for (const [what, values, message] of cases) {
    it(`${what}: validate answers 400 and PUT 400, both InvalidTemplate`, async () => {
      const { call } = fakeArm()
      const validate = await call(
        'POST',
        `${rgPath('v')}/validate`,
        deploymentRequest(params, values)
      )
      expect(validate.status).toBe(400)
      expect(validate.schema).toBe('DeploymentValidateResult')
      const error = validate.body.error
      expect(error.code).toBe('InvalidTemplate')
      expect(error.message).toContain(`Deployment template validation failed: '${message}`)
      const put = await call('PUT', rgPath('v'), deploymentRequest(params, values))
      expect(put.status).toBe(400)
      expect(put.schema).toBe('CloudError')
      expect(put.body.error.message).toBe(error.message)
      expect((await call('HEAD', rgPath('v'))).status).toBe(404)
    })
  }

  it('validate of a good template answers 200 with the validated resources and stores nothing', async () => {
    const { call } = fakeArm()
    const res = await call(
      'POST',
      `${rgPath('v')}/validate`,
      deploymentRequest(params, { sku: 'Basic', adminPassword: 'secret-value' })
    )
    expect(res.status).toBe(200)
    const body = res.body
    expect(body.properties.provisioningState).toBe('Succeeded')
    expect(body.properties.validatedResources).toHaveLength(2)
    expect(JSON.stringify(body)).not.toContain('secret-value')
    expect((await call('GET', rgPath('v'))).status).toBe(404)
  })

  it('an unknown template function is an InvalidTemplate error', async () => {
    const { call } = fakeArm()
    const template = {
      ...fixtureTemplate('two-dependent'),
      variables: { nsgName: "[frobnicate('x')]", vnetName: 'v' }
    }
    const res = await call('PUT', rgPath('bad'), deploymentRequest(template))
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain("The template function 'frobnicate' is not valid")
  })

  it('requests without properties or with a bad mode are rejected as invalid content', async () => {
    const { call } = fakeArm()
    expect((await call('PUT', rgPath('x'), {})).body.error.code).toBe('InvalidRequestContent')
    const bad = await call('PUT', rgPath('x'), { properties: { mode: 'Sometimes', template: {} } })
    expect(bad.body.error.code).toBe('InvalidRequestContent')
  })
})

describe('ARM deployments: what-if against what earlier deployments created', () => {
  it('202 + Location, then Create for new resources; NoChange, Modify (with delta) and Delete afterwards', async () => {
    const { call, clock } = fakeArm()
    const template = fixtureTemplate('two-dependent')
    const first = await call('POST', `${rgPath('net')}/whatIf`, deploymentRequest(template))
    expect(first.status).toBe(202)
    expect(first.headers?.['Retry-After']).toBe('1')
    const location = first.headers?.Location ?? ''
    expect((await call('GET', location)).status).toBe(202)
    clock.advance(5_000)
    const result = await call('GET', location)
    expect(result.status).toBe(200)
    expect(result.schema).toBe('WhatIfOperationResult')
    expect(result.body.properties.changes.map((c: Wire) => c.changeType)).toEqual([
      'Create',
      'Create'
    ])

    await call('PUT', rgPath('net'), deploymentRequest(template))
    const extra = { ...fixtureTemplate('hub-long') }
    await call(
      'PUT',
      rgPath('pip'),
      deploymentRequest({ ...extra, resources: [(extra.resources as unknown[])[0]], outputs: {} })
    )
    clock.advance(120_000)

    const same = await call('POST', `${rgPath('net')}/whatIf`, deploymentRequest(template))
    clock.advance(5_000)
    const sameChanges = (await call('GET', same.headers?.Location ?? '')).body.properties.changes
    expect(sameChanges.map((c: Wire) => [c.resourceId.split('/').pop(), c.changeType])).toEqual([
      ['hub-nsg', 'NoChange'],
      ['hub-vnet', 'NoChange'],
      ['fw-pip', 'Ignore']
    ])

    const changed = JSON.parse(JSON.stringify(template).replace('10.10.0.0/16', '10.99.0.0/16'))
    const modify = await call(
      'POST',
      `${rgPath('net')}/whatIf`,
      deploymentRequest(changed, {}, { properties: { mode: 'Complete' } })
    )
    clock.advance(5_000)
    const changes = (await call('GET', modify.headers?.Location ?? '')).body.properties.changes
    const vnet = changes.find((c: Wire) => c.resourceId.endsWith('hub-vnet'))
    expect(vnet.changeType).toBe('Modify')
    expect(vnet.delta).toEqual([
      {
        path: 'properties.addressSpace.addressPrefixes',
        propertyChangeType: 'Array',
        before: ['10.10.0.0/16'],
        after: ['10.99.0.0/16']
      }
    ])
    expect(changes.find((c: Wire) => c.resourceId.endsWith('fw-pip')).changeType).toBe('Delete')
  })

  it('complete mode deletes what the template does not mention and reports it as operations', async () => {
    const { call, clock } = fakeArm()
    const hub = fixtureTemplate('hub-long')
    await call(
      'PUT',
      rgPath('pip'),
      deploymentRequest({ ...hub, resources: [(hub.resources as unknown[])[0]], outputs: {} })
    )
    clock.advance(60_000)
    await call(
      'PUT',
      rgPath('net'),
      deploymentRequest(fixtureTemplate('two-dependent'), {}, { properties: { mode: 'Complete' } })
    )
    clock.advance(120_000)
    const ops = (await call('GET', `${rgPath('net')}/operations`)).body.value
    const del = ops.find((o: Wire) => o.properties.provisioningOperation === 'Delete')
    expect(del.properties.targetResource.resourceName).toBe('fw-pip')
    expect(del.properties.provisioningState).toBe('Succeeded')
    const get = (await call('GET', rgPath('net'))).body
    expect(get.properties.mode).toBe('Complete')
    expect(get.properties.provisioningState).toBe('Succeeded')
  })
})

describe('ARM deployments: nested deployments and onErrorDeployment', () => {
  it('a module becomes a child deployment in its own group; the parent reads its outputs', async () => {
    const { call, clock, api } = fakeArm()
    api.admin.createResourceGroup('00000000-0000-4000-8000-000000000001', 'rg-spoke', 'northeurope')
    await call(
      'PUT',
      rgPath('parent'),
      deploymentRequest(fixtureTemplate('nested-module'), { spokeGroup: 'rg-spoke' })
    )
    clock.advance(2_000)
    const ops = (await call('GET', `${rgPath('parent')}/operations`)).body.value
    expect(ops[0].properties.targetResource).toEqual({
      id: rgPath('spoke-module', 'rg-spoke'),
      resourceType: 'Microsoft.Resources/deployments',
      resourceName: 'spoke-module',
      apiVersion: '2022-09-01'
    })
    clock.advance(2_000)
    const child = (await call('GET', rgPath('spoke-module', 'rg-spoke'))).body
    expect(child.properties.provisioningState).toBe('Running')
    expect(child.properties.correlationId).toBe('11111111-2222-4333-8444-555555555555')
    clock.advance(60_000)
    const parent = (await call('GET', rgPath('parent'))).body
    expect(parent.properties.provisioningState).toBe('Succeeded')
    expect(parent.properties.outputs.spokeVnetId.value).toBe(
      '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/spoke-rg-spoke'
    )
    const childOps = (await call('GET', `${rgPath('spoke-module', 'rg-spoke')}/operations`)).body
      .value
    expect(childOps[0].properties.targetResource.resourceName).toBe('spoke-rg-spoke')
  })

  it('a failing module fails the parent; onErrorDeployment records the last successful deployment', async () => {
    const { call, clock, api } = fakeArm({
      failures: [
        {
          resourceType: 'Microsoft.Network/virtualNetworks',
          code: 'QuotaExceeded',
          message: 'No more vnets.'
        }
      ]
    })
    api.admin.createResourceGroup('00000000-0000-4000-8000-000000000001', 'rg-spoke', 'northeurope')
    await call('PUT', rgPath('ok'), deploymentRequest({ contentVersion: '1.0.0.0', resources: [] }))
    clock.advance(10_000)
    await call(
      'PUT',
      rgPath('parent'),
      deploymentRequest(
        fixtureTemplate('nested-module'),
        { spokeGroup: 'rg-spoke' },
        { properties: { onErrorDeployment: { type: 'LastSuccessful' } } }
      )
    )
    clock.advance(120_000)
    const parent = (await call('GET', rgPath('parent'))).body
    expect(parent.properties.provisioningState).toBe('Failed')
    expect(parent.properties.error.details[0].code).toBe('DeploymentFailed')
    expect(parent.properties.error.details[0].details[0]).toEqual({
      code: 'QuotaExceeded',
      message: 'No more vnets.'
    })
    expect(parent.properties.onErrorDeployment).toEqual({
      type: 'LastSuccessful',
      deploymentName: 'ok',
      provisioningState: 'Succeeded'
    })
  })

  it('canceling the parent cancels the running module', async () => {
    const { call, clock } = fakeArm({
      durations: { byType: { 'Microsoft.Network/virtualNetworks': '1h' } }
    })
    await call(
      'PUT',
      rgPath('parent'),
      deploymentRequest(fixtureTemplate('nested-module'), { spokeGroup: 'rg-emulator' })
    )
    clock.advance(10_000)
    expect((await call('POST', `${rgPath('parent')}/cancel`)).status).toBe(204)
    expect((await call('GET', rgPath('spoke-module'))).body.properties.provisioningState).toBe(
      'Canceled'
    )
  })
})

describe('ARM deployments: validate leaves existing deployments alone', () => {
  it('validating under the name of an existing deployment does not replace or remove it', async () => {
    const { call, clock } = fakeArm()
    await call('PUT', rgPath('net'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(60_000)
    const before = (await call('GET', rgPath('net'))).body
    expect(
      (
        await call(
          'POST',
          `${rgPath('net')}/validate`,
          deploymentRequest(fixtureTemplate('hub-long'))
        )
      ).status
    ).toBe(200)
    expect((await call('GET', rgPath('net'))).body).toEqual(before)
  })
})

describe('ARM deployments: what-if sees into modules', () => {
  it('reports the resources an inline module would create in its own group', async () => {
    const { call, clock, api } = fakeArm()
    api.admin.createResourceGroup('00000000-0000-4000-8000-000000000001', 'rg-spoke', 'northeurope')
    const first = await call(
      'POST',
      `${rgPath('parent')}/whatIf`,
      deploymentRequest(fixtureTemplate('nested-module'), { spokeGroup: 'rg-spoke' })
    )
    clock.advance(5_000)
    const before = (await call('GET', first.headers?.Location ?? '')).body.properties.changes
    expect(before.map((c: Wire) => [c.resourceId, c.changeType])).toEqual([
      [
        '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/spoke-rg-spoke',
        'Create'
      ]
    ])
    await call(
      'PUT',
      rgPath('parent'),
      deploymentRequest(fixtureTemplate('nested-module'), { spokeGroup: 'rg-spoke' })
    )
    clock.advance(120_000)
    const again = await call(
      'POST',
      `${rgPath('parent')}/whatIf`,
      deploymentRequest(fixtureTemplate('nested-module'), { spokeGroup: 'rg-spoke' })
    )
    clock.advance(5_000)
    const after = (await call('GET', again.headers?.Location ?? '')).body.properties.changes
    expect(after.map((c: Wire) => c.changeType)).toEqual(['NoChange'])
  })
})
