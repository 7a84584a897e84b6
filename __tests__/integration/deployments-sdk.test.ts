// The real @azure/identity and @azure/arm-resourcesdeployments (its own poller and pager) through
// the emulator over HTTPS, at all four deployment scopes. Time is compressed 600x.
import {
  DeploymentsClient,
  type Deployment,
  type DeploymentOperation
} from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { fixtureTemplate } from '../emulator/arm/templates.js'
import { validateRequestLog } from '../../emulator/schemas/validate-log.js'

const emulator = useEmulator({
  timeScale: 600,
  // Small pages (ARM's default is larger) so that the SDK's pager has to follow nextLink.
  pageSize: 10,
  scenario: {
    failures: [
      {
        resourceName: 'doomed',
        code: 'SkuNotAvailable',
        message: 'The requested size is not available.'
      }
    ]
  }
})
const poll = { updateIntervalInMs: 50 }

function client(): DeploymentsClient {
  const { info } = emulator()
  const credential = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
    authorityHost: info.authorityHost,
    disableInstanceDiscovery: true
  })
  return new DeploymentsClient(credential, info.subscriptionId, {
    endpoint: info.armEndpoint,
    credentials: { scopes: [`${info.armEndpoint}/.default`] }
  })
}

const deployment = (
  template: unknown,
  parameters: Record<string, unknown> = {},
  location?: string
): Deployment => ({
  ...(location ? { location } : {}),
  properties: {
    mode: 'Incremental',
    template,
    parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]))
  }
})

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterator) out.push(item)
  return out
}

describe('DeploymentsClient against the emulator', () => {
  it('resource group: beginCreateOrUpdateAndWait, get, operations, validate, what-if', async () => {
    const deployments = client().deployments
    const result = await deployments.beginCreateOrUpdateAndWait(
      'rg-emulator',
      'sdk-rg',
      deployment(fixtureTemplate('two-dependent')),
      poll
    )
    expect(result.properties?.provisioningState).toBe('Succeeded')
    expect(result.properties?.outputs).toMatchObject({
      addressPrefix: { type: 'String', value: '10.10.0.0/16' }
    })
    expect(result.properties?.timestamp).toBeInstanceOf(Date)
    const ops = await all(client().deploymentOperations.list('rg-emulator', 'sdk-rg'))
    expect(ops.map((o) => o.properties?.targetResource?.resourceName).sort()).toEqual([
      'hub-nsg',
      'hub-vnet'
    ])
    expect((await deployments.checkExistence('rg-emulator', 'sdk-rg')).body).toBe(true)

    const valid = await deployments.beginValidateAndWait(
      'rg-emulator',
      'sdk-validate',
      deployment(fixtureTemplate('two-dependent')),
      poll
    )
    expect(valid.properties?.validatedResources).toHaveLength(2)
    // ARM answers a failed validation with 400, which the SDK's LRO poller turns into a rejection.
    await expect(
      deployments.beginValidateAndWait(
        'rg-emulator',
        'sdk-validate',
        deployment(fixtureTemplate('parameters'), { sku: 'Gold' }),
        poll
      )
    ).rejects.toThrow('The long-running operation has failed')
    const logged = emulator()
      .requestLog()
      .filter((e) => e.path.includes('/deployments/sdk-validate/validate'))
    expect(
      logged.map((e) => [
        e.status,
        e.errorCode ?? (e.responseBody as { error?: { code?: string } })?.error?.code
      ])
    ).toEqual([
      [200, undefined],
      [400, 'InvalidTemplate']
    ])

    const whatIf = await deployments.beginWhatIfAndWait(
      'rg-emulator',
      'sdk-rg',
      deployment(fixtureTemplate('two-dependent')),
      poll
    )
    expect(whatIf.changes?.map((c) => c.changeType)).toEqual(['NoChange', 'NoChange'])
  })

  it('resource group: the operations pager follows nextLink across pages', async () => {
    const template = {
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: "[concat('pip-', copyIndex())]",
          location: 'eastus',
          copy: { name: 'pips', count: 23 },
          properties: {}
        }
      ]
    }
    await client().deployments.beginCreateOrUpdateAndWait(
      'rg-emulator',
      'sdk-paging',
      deployment(template),
      poll
    )
    const ops: DeploymentOperation[] = await all(
      client().deploymentOperations.list('rg-emulator', 'sdk-paging')
    )
    expect(ops).toHaveLength(23)
    const pageRequests = emulator()
      .requestLog()
      .filter((e) => e.path.includes('/deployments/sdk-paging/operations'))
    // Pages of 10: the first request and two that follow nextLink (the log redacts the skip token).
    expect(pageRequests.map((e) => e.path.includes('skiptoken='))).toEqual([false, true, true])
  })

  it('subscription: creates a group and a module in it; the module is a child deployment', async () => {
    const deployments = client().deployments
    const result = await deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait(
      'sdk-sub',
      deployment(fixtureTemplate('subscription-rg'), { groupName: 'rg-sdk-spoke' }, 'westeurope'),
      poll
    )
    expect(result.properties?.provisioningState).toBe('Succeeded')
    expect(result.location).toBe('westeurope')
    const child = await deployments.get('rg-sdk-spoke', 'pip-module')
    expect(child.properties?.provisioningState).toBe('Succeeded')
    const ops = await all(client().deploymentOperations.listAtSubscriptionScope('sdk-sub'))
    expect(
      ops.find(
        (o) => o.properties?.targetResource?.resourceType === 'Microsoft.Resources/deployments'
      )?.properties?.targetResource?.id
    ).toBe(child.id)
  })

  it('management group and tenant scopes', async () => {
    const deployments = client().deployments
    const mg = await deployments.beginCreateOrUpdateAtManagementGroupScopeAndWait(
      'mg-sdk',
      'sdk-mg',
      {
        location: 'eastus',
        properties: { mode: 'Incremental', template: fixtureTemplate('management-group') }
      },
      poll
    )
    expect(mg.id).toBe(
      '/providers/Microsoft.Management/managementGroups/mg-sdk/providers/Microsoft.Resources/deployments/sdk-mg'
    )
    expect(mg.properties?.provisioningState).toBe('Succeeded')
    expect(
      (await all(client().deploymentOperations.listAtManagementGroupScope('mg-sdk', 'sdk-mg')))
        .length
    ).toBe(1)
    const tenant = await deployments.beginCreateOrUpdateAtTenantScopeAndWait(
      'sdk-tenant',
      {
        location: 'eastus',
        properties: { mode: 'Incremental', template: fixtureTemplate('tenant') }
      },
      poll
    )
    expect(tenant.properties?.outputs).toMatchObject({
      groupResourceId: { value: '/providers/Microsoft.Management/managementGroups/mg-platform' }
    })
    expect((await all(client().deploymentOperations.listAtTenantScope('sdk-tenant'))).length).toBe(
      1
    )
  })

  it('a failed deployment rejects the poller with DeploymentFailed; cancel stops a long one', async () => {
    const deployments = client().deployments
    const failing = {
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          apiVersion: '2023-09-01',
          name: 'doomed',
          location: 'eastus',
          properties: {}
        }
      ]
    }
    await expect(
      deployments.beginCreateOrUpdateAndWait('rg-emulator', 'sdk-fail', deployment(failing), poll)
    ).rejects.toThrow('DeploymentFailed. At least one resource deployment operation failed')
    const failed = await deployments.get('rg-emulator', 'sdk-fail')
    expect(failed.properties?.error?.details?.[0]).toMatchObject({ code: 'SkuNotAvailable' })

    const poller = await deployments.beginCreateOrUpdate(
      'rg-emulator',
      'sdk-long',
      deployment(fixtureTemplate('hub-long')),
      poll
    )
    await expect(
      deployments.beginCreateOrUpdate(
        'rg-emulator',
        'sdk-long',
        deployment(fixtureTemplate('hub-long')),
        poll
      )
    ).rejects.toMatchObject({ code: 'DeploymentActive', statusCode: 409 })
    await deployments.cancel('rg-emulator', 'sdk-long')
    await expect(poller.pollUntilDone()).rejects.toThrow()
    expect((await deployments.get('rg-emulator', 'sdk-long')).properties?.provisioningState).toBe(
      'Canceled'
    )
    await expect(deployments.cancel('rg-emulator', 'sdk-long')).rejects.toMatchObject({
      code: 'DeploymentCannotBeCancelled'
    })
  })

  it('every ARM response of this run matches the OpenAPI-derived schemas', () => {
    expect(validateRequestLog(emulator().requestLog())).toEqual([])
  })
})
