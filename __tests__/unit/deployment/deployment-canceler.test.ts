import { RestError } from '@azure/core-rest-pipeline'
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import { cancelDeployment } from '../../../src/deployment/deployment-canceler.js'
import { FakeLogger } from '../../helpers/fakes.js'

const ref = {
  target: { type: 'subscription', subscriptionId: 'sub' } as const,
  name: 'hub',
  id: '/subscriptions/sub/providers/Microsoft.Resources/deployments/hub'
}
const deployment = (state: string): DeploymentExtended => ({
  properties: { provisioningState: state }
})

function fakeApi(o: { cancel?: () => Promise<void>; states: string[] | 'hang' | 'missing' }) {
  const calls: string[] = []
  const api: DeploymentApi = {
    create: () => Promise.resolve(),
    listOperationPages: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true, value: undefined })
      })
    }),
    cancel: () => {
      calls.push('cancel')
      return o.cancel ? o.cancel() : Promise.resolve()
    },
    get: (_t, _n, options?: OperationOptions) => {
      calls.push('get')
      if (o.states === 'hang') {
        // A response that never comes: only the request's own deadline ends it.
        return new Promise((_resolve, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted')))
        )
      }
      if (o.states === 'missing') return Promise.reject(new RestError('nf', { statusCode: 404 }))
      const states = o.states
      return Promise.resolve(deployment(states.length > 1 ? states.shift()! : states[0]))
    }
  }
  return { api, calls }
}

describe('cancelDeployment', () => {
  it('cancels, then reads until Azure shows Canceled', async () => {
    const { api, calls } = fakeApi({ states: ['Running', 'Running', 'Canceled'] })
    const log = new FakeLogger()
    const result = await cancelDeployment(api, ref, { logger: log, waitMs: 2000, pollMs: 10 })
    expect(result.canceled).toBe(true)
    expect(result.deployment?.properties?.provisioningState).toBe('Canceled')
    expect(calls).toEqual(['cancel', 'get', 'get', 'get'])
    expect(log.at('info')).toContain("Asked Azure to cancel deployment 'hub'")
  })

  it('a deployment that ended first (409) is no error: its state is reported', async () => {
    const { api } = fakeApi({
      cancel: () => Promise.reject(new RestError('conflict', { statusCode: 409 })),
      states: ['Succeeded']
    })
    const log = new FakeLogger()
    const result = await cancelDeployment(api, ref, { logger: log, waitMs: 2000, pollMs: 10 })
    expect(result).toEqual({ canceled: false, deployment: deployment('Succeeded') })
    expect(log.at('warning')).toEqual([])
  })

  it('a failed cancel request is reported, and the wait still ends on time', async () => {
    const { api } = fakeApi({
      cancel: () => Promise.reject(new RestError('boom', { statusCode: 500 })),
      states: ['Running']
    })
    const log = new FakeLogger()
    const t0 = Date.now()
    const result = await cancelDeployment(api, ref, { logger: log, waitMs: 300, pollMs: 20 })
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(result.canceled).toBe(false)
    expect(result.deployment?.properties?.provisioningState).toBe('Running')
    expect(result.error).toMatch(/^Canceling deployment 'hub' failed \(HTTP 500\)/)
    expect(log.at('warning')).toEqual([result.error])
  })

  it('a read that never answers cannot hold the step past the deadline', async () => {
    const { api } = fakeApi({ states: 'hang' })
    const t0 = Date.now()
    const result = await cancelDeployment(api, ref, {
      logger: new FakeLogger(),
      waitMs: 300,
      pollMs: 20
    })
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(result).toEqual({ canceled: false })
  })

  it('no such deployment (404: a PUT cut short never reached ARM) is nothing to cancel, not an error', async () => {
    const { api, calls } = fakeApi({
      cancel: () => Promise.reject(new RestError('not found', { statusCode: 404 })),
      states: 'missing'
    })
    const log = new FakeLogger()
    const result = await cancelDeployment(api, ref, { logger: log, waitMs: 2000, pollMs: 10 })
    expect(result).toEqual({ canceled: false, notFound: true })
    expect(calls).toEqual(['cancel', 'get'])
    expect(log.at('warning')).toEqual([])
  })
})
