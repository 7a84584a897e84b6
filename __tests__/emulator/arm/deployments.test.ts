import { describe, expect, it } from 'vitest'
import { BASE, deploymentRequest, fakeArm, rgPath, SUB } from './fake-context.js'
import type { Wire } from './fake-context.js'
import { fixtureTemplate } from './templates.js'

const props = (res: { body: Wire }): Wire => res.body.properties

describe('ARM deployments: lifecycle at resource-group scope', () => {
  it('PUT answers 201 with Azure-AsyncOperation, then Accepted → Running → Succeeded in dependsOn order', async () => {
    const { call, clock } = fakeArm()
    const put = await call(
      'PUT',
      rgPath('net'),
      deploymentRequest(fixtureTemplate('two-dependent'))
    )
    expect(put.status).toBe(201)
    expect(put.schema).toBe('DeploymentExtended')
    expect(props(put).provisioningState).toBe('Accepted')
    const statusUrl = put.headers?.['Azure-AsyncOperation'] ?? ''
    expect(statusUrl).toMatch(
      new RegExp(
        `^${BASE}/subscriptions/${SUB}/resourceGroups/rg-emulator/providers/Microsoft.Resources/deployments/net/operationStatuses/\\d+\\?api-version=2025-04-01$`
      )
    )
    expect((await call('GET', statusUrl)).body).toEqual({ status: 'Accepted' })

    clock.advance(2_000)
    expect((await call('GET', statusUrl)).body).toEqual({ status: 'Running' })
    let ops = (await call('GET', `${rgPath('net')}/operations`)).body
    expect(ops.value.map((o: Wire) => o.properties.targetResource.resourceName)).toEqual([
      'hub-nsg'
    ])

    clock.advance(20_000) // the NSG (default 20 s) is done; the vnet depends on it
    ops = (await call('GET', `${rgPath('net')}/operations`)).body
    expect(
      ops.value.map((o: Wire) => [
        o.properties.targetResource.resourceName,
        o.properties.provisioningState
      ])
    ).toEqual([
      ['hub-nsg', 'Succeeded'],
      ['hub-vnet', 'Running']
    ])
    clock.advance(15_000)
    const done = await call('GET', rgPath('net'))
    expect(props(done).provisioningState).toBe('Succeeded')
    expect(props(done).duration).toBe('PT37S')
    expect(props(done).outputs).toEqual({
      vnetId: {
        type: 'String',
        value: `/subscriptions/${SUB}/resourceGroups/rg-emulator/providers/Microsoft.Network/virtualNetworks/hub-vnet`
      },
      addressPrefix: { type: 'String', value: '10.10.0.0/24'.replace('/24', '/16') }
    })
    expect(props(done).dependencies[0].dependsOn[0].resourceName).toBe('hub-nsg')
    expect(props(done).outputResources).toHaveLength(2)
    expect((await call('GET', statusUrl)).body).toEqual({ status: 'Succeeded' })
  })

  it('routes case-insensitively and serves operations without the providers segment too', async () => {
    const { call, clock } = fakeArm()
    await call('PUT', rgPath('net'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(60_000)
    const upper = await call(
      'GET',
      `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-EMULATOR/PROVIDERS/MICROSOFT.RESOURCES/DEPLOYMENTS/NET`
    )
    expect(upper.status).toBe(200)
    expect(upper.body.name).toBe('net')
    const legacy = await call(
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-emulator/deployments/net/operations`
    )
    expect(legacy.body.value).toHaveLength(2)
    const opId = legacy.body.value[0].operationId
    const one = await call(
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-emulator/deployments/net/operations/${opId}`
    )
    expect(one.schema).toBe('DeploymentOperation')
    expect((await call('HEAD', rgPath('net'))).status).toBe(204)
    expect((await call('HEAD', rgPath('nope'))).status).toBe(404)
  })

  it('a PUT on a running deployment gets 409 DeploymentActive; cancel works only while active', async () => {
    const { call, clock } = fakeArm()
    await call('PUT', rgPath('hub'), deploymentRequest(fixtureTemplate('hub-long')))
    clock.advance(60_000)
    const again = await call('PUT', rgPath('hub'), deploymentRequest(fixtureTemplate('hub-long')))
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('DeploymentActive')
    expect((await call('POST', `${rgPath('hub')}/cancel`)).status).toBe(204)
    const canceled = await call('GET', rgPath('hub'))
    expect(props(canceled).provisioningState).toBe('Canceled')
    const twice = await call('POST', `${rgPath('hub')}/cancel`)
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('DeploymentCannotBeCancelled')
    clock.advance(3_600_000) // nothing runs on after cancel
    expect(props(await call('GET', rgPath('hub'))).provisioningState).toBe('Canceled')
  })

  it('a deployment into a missing group gets 404 ResourceGroupNotFound; groups can be created', async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      rgPath('x', 'rg-missing'),
      deploymentRequest(fixtureTemplate('two-dependent'))
    )
    expect(res.status).toBe(404)
    expect(res.body).toEqual({
      error: {
        code: 'ResourceGroupNotFound',
        message: "Resource group 'rg-missing' could not be found."
      }
    })
    expect((await call('HEAD', `/subscriptions/${SUB}/resourcegroups/rg-missing`)).status).toBe(404)
    expect(
      (
        await call('PUT', `/subscriptions/${SUB}/resourcegroups/rg-missing`, {
          location: 'westeurope'
        })
      ).status
    ).toBe(201)
    expect(
      (
        await call(
          'PUT',
          rgPath('x', 'rg-missing'),
          deploymentRequest(fixtureTemplate('two-dependent'))
        )
      ).status
    ).toBe(201)
  })

  it('pages deployment operations with nextLink', async () => {
    const { call, clock } = fakeArm({}, 2)
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: "[concat('pip', copyIndex())]",
          location: 'eastus',
          copy: { name: 'pips', count: 5 },
          properties: {}
        }
      ]
    }
    await call('PUT', rgPath('many'), deploymentRequest(template))
    clock.advance(60_000)
    const names: string[] = []
    let next: string | undefined = `${rgPath('many')}/operations`
    let pages = 0
    while (next) {
      const res: Wire = (await call('GET', next)).body
      names.push(...res.value.map((o: Wire) => o.properties.targetResource.resourceName))
      next = res.nextLink
      pages++
    }
    expect(pages).toBe(3)
    expect(names.sort()).toEqual(['pip0', 'pip1', 'pip2', 'pip3', 'pip4'])
  })

  it('scenario failures fail the operation and the deployment with DeploymentFailed and details', async () => {
    const { call, clock } = fakeArm({
      failures: [
        {
          resourceName: 'hub-vnet',
          code: 'InUseSubnetCannotBeDeleted',
          message: 'Subnet default is in use.'
        }
      ]
    })
    await call('PUT', rgPath('net'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(120_000)
    const res = props(await call('GET', rgPath('net')))
    expect(res.provisioningState).toBe('Failed')
    expect(res.error.code).toBe('DeploymentFailed')
    expect(res.error.details).toEqual([
      { code: 'InUseSubnetCannotBeDeleted', message: 'Subnet default is in use.' }
    ])
    const ops = (await call('GET', `${rgPath('net')}/operations`)).body
    const failed = ops.value.find((o: Wire) => o.properties.provisioningState === 'Failed')
    expect(failed.properties.statusMessage.error.code).toBe('InUseSubnetCannotBeDeleted')
    expect(res.outputs).toBeUndefined()
  })

  it('neverEnd keeps the deployment Running; admin.cancel cancels it by id', async () => {
    const { call, clock, api } = fakeArm({
      neverEnd: [{ resourceType: 'Microsoft.Network/virtualNetworks' }]
    })
    await call('PUT', rgPath('net'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(10 * 3_600_000)
    expect(props(await call('GET', rgPath('net'))).provisioningState).toBe('Running')
    expect(api.admin.cancel(rgPath('NET').toUpperCase())).toBe(true)
    expect(props(await call('GET', rgPath('net'))).provisioningState).toBe('Canceled')
    expect(api.admin.cancel(rgPath('net'))).toBe(false)
  })

  it('scenario durations override defaults by name and by type', async () => {
    const { call, clock } = fakeArm({
      durations: {
        byName: { 'hub-nsg': '1m' },
        byType: { 'microsoft.network/virtualnetworks': '2m' }
      }
    })
    await call('PUT', rgPath('net'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(2_000 + 60_000 + 119_000)
    expect(props(await call('GET', rgPath('net'))).provisioningState).toBe('Running')
    clock.advance(1_000)
    expect(props(await call('GET', rgPath('net'))).provisioningState).toBe('Succeeded')
  })

  it('DELETE answers 202 + Location and removes a finished deployment; list filters and pages', async () => {
    const { call, clock } = fakeArm()
    await call('PUT', rgPath('a'), deploymentRequest(fixtureTemplate('two-dependent')))
    clock.advance(60_000)
    const list = await call(
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-emulator/providers/Microsoft.Resources/deployments?$filter=provisioningState eq 'Succeeded'`
    )
    expect(list.body.value.map((d: Wire) => d.name)).toEqual(['a'])
    const del = await call('DELETE', rgPath('a'))
    expect(del.status).toBe(202)
    expect((await call('GET', del.headers?.Location ?? '')).status).toBe(202)
    clock.advance(5_000)
    expect((await call('GET', del.headers?.Location ?? '')).status).toBe(204)
    expect((await call('GET', rgPath('a'))).status).toBe(404)
  })

  it('secure parameters and outputs are never echoed', async () => {
    const { call, clock } = fakeArm()
    await call(
      'PUT',
      rgPath('p'),
      deploymentRequest(fixtureTemplate('parameters'), {
        sku: 'Standard',
        adminPassword: 'Sup3r$ecret'
      })
    )
    clock.advance(60_000)
    const res = await call('GET', rgPath('p'))
    expect(JSON.stringify(res.body)).not.toContain('Sup3r$ecret')
    expect(props(res).parameters.adminPassword).toEqual({ type: 'SecureString' })
    expect(props(res).parameters.sku).toEqual({ type: 'String', value: 'Standard' })
    expect(Object.keys(props(res).outputs)).toEqual(['skuUpper', 'subscriptionId'])
    expect(props(res).outputResources).toHaveLength(2)
  })

  it('a subscription, management group and tenant deployment need a location and run at their scope', async () => {
    const { call, clock } = fakeArm()
    const subPath = `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/sub1`
    const missing = await call(
      'PUT',
      subPath,
      deploymentRequest(fixtureTemplate('subscription-rg'), { groupName: 'rg-spoke' })
    )
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('LocationRequired')
    const put = await call(
      'PUT',
      subPath,
      deploymentRequest(
        fixtureTemplate('subscription-rg'),
        { groupName: 'rg-spoke' },
        { location: 'westeurope' }
      )
    )
    expect(put.status).toBe(201)
    expect(put.body.location).toBe('westeurope')
    clock.advance(120_000)
    const sub = await call('GET', subPath)
    expect(props(sub).error).toBeUndefined()
    expect(props(sub).provisioningState).toBe('Succeeded')
    expect(props(sub).outputs.moduleIp.value).toMatch(/^20\.\d+\.\d+\.\d+$/)
    const group = await call('GET', `/subscriptions/${SUB}/resourcegroups/rg-spoke`)
    expect(group.body.location).toBe('westeurope')
    const child = await call('GET', rgPath('pip-module', 'rg-spoke'))
    expect(props(child).provisioningState).toBe('Succeeded')
    const ops = (await call('GET', `${subPath}/operations`)).body
    const moduleOp = ops.value.find(
      (o: Wire) => o.properties.targetResource.resourceType === 'Microsoft.Resources/deployments'
    )
    expect(moduleOp.properties.targetResource.id).toBe(rgPath('pip-module', 'rg-spoke'))

    const mgPath =
      '/providers/Microsoft.Management/managementGroups/mg-platform/providers/Microsoft.Resources/deployments/mg1'
    expect(
      (
        await call(
          'PUT',
          mgPath,
          deploymentRequest(fixtureTemplate('management-group'), {}, { location: 'eastus' })
        )
      ).status
    ).toBe(201)
    const tenantPath = '/providers/Microsoft.Resources/deployments/t1'
    expect(
      (
        await call(
          'PUT',
          tenantPath,
          deploymentRequest(fixtureTemplate('tenant'), {}, { location: 'eastus' })
        )
      ).status
    ).toBe(201)
    clock.advance(60_000)
    expect(props(await call('GET', mgPath)).outputs.policyId.value).toBe(
      '/providers/Microsoft.Management/managementGroups/mg-platform/providers/Microsoft.Authorization/policyDefinitions/deny-public-ip'
    )
    expect(props(await call('GET', tenantPath)).outputs.groupResourceId.value).toBe(
      '/providers/Microsoft.Management/managementGroups/mg-platform'
    )
  })
})
