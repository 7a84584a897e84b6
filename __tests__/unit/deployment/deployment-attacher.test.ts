import { RestError } from '@azure/core-rest-pipeline'
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import { attachToDeployment } from '../../../src/deployment/deployment-attacher.js'
import { FakeLogger } from '../../helpers/fakes.js'

const target = { type: 'resourceGroup', subscriptionId: 'sub', resourceGroupName: 'rg' } as const
const ID = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Resources/deployments/hub'
const NOW = Date.parse('2026-11-24T12:00:00Z')

function apiReturning(result: DeploymentExtended | Error): DeploymentApi {
  return {
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    listOperationPages: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true, value: undefined })
      })
    }),
    get: () => (result instanceof Error ? Promise.reject(result) : Promise.resolve(result))
  }
}

const attach = (api: DeploymentApi, log = new FakeLogger()) =>
  attachToDeployment(api, target, 'hub', {
    logger: log,
    portalUrl: 'https://portal.azure.com',
    now: () => NOW,
    why: 'testing'
  })

describe('attachToDeployment', () => {
  it('a running deployment: started when ARM says, with its correlation id', async () => {
    const log = new FakeLogger()
    const a = await attach(
      apiReturning({
        id: ID,
        properties: {
          provisioningState: 'Running',
          correlationId: 'corr-1',
          timestamp: new Date(NOW),
          duration: 'PT25M30S'
        }
      }),
      log
    )
    expect(a.startedAt).toBe(NOW - 25.5 * 60_000)
    expect(a.started.ref).toEqual({ target, name: 'hub', id: ID })
    expect(a.started.correlationId).toBe('corr-1')
    expect(a.started.portalUrl).toContain(encodeURIComponent(ID))
    expect(log.at('info')[0]).toBe(
      "Attached to deployment 'hub' (testing): Running, started 25m ago"
    )
  })

  it('a finished deployment: its duration ends at its timestamp, not now', async () => {
    const ended = NOW - 3_600_000
    const a = await attach(
      apiReturning({
        id: ID,
        properties: {
          provisioningState: 'Succeeded',
          timestamp: new Date(ended),
          duration: 'PT10M'
        }
      })
    )
    expect(a.startedAt).toBe(ended - 600_000)
  })

  it('nothing of that name: says so, naming the inputs', async () => {
    await expect(
      attach(apiReturning(new RestError('not found', { statusCode: 404 })))
    ).rejects.toThrow(
      `There is no deployment 'hub' at resource group scope (${ID}) to attach to: check the inputs 'name' and the scope inputs.`
    )
  })
})
