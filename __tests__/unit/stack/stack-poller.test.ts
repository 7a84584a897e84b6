// pollStack with scripted fakes: the stack's phases around its deployment (which the deployment
// poller follows), a stack that ended between two polls, a delete's 404, failed reads tolerated,
// and the deadline.
import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments'
import { RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { Clock } from '../../../src/runtime/ports.js'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import type { StackApi, StackRef } from '../../../src/stack/stack-api.js'
import { pollStack, type StackPollOptions } from '../../../src/stack/stack-poller.js'
import { FakeLogger } from '../../helpers/fakes.js'

const T0 = Date.parse('2026-01-01T10:00:00Z')
const SUB = '00000000-0000-4000-8000-00000000a001'
const RG = `/subscriptions/${SUB}/resourceGroups/rg`
const ref: StackRef = {
  target: { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' },
  name: 'net',
  id: `${RG}/providers/Microsoft.Resources/deploymentStacks/net`
}
const DEPLOYMENT = `${RG}/providers/Microsoft.Resources/deployments/net-20260101-abcde`

class FakeClock implements Clock {
  t = T0
  now(): number {
    return this.t
  }
  sleep(ms: number): Promise<void> {
    this.t += ms
    return Promise.resolve()
  }
}

const http = (status: number) => new RestError(`HTTP ${status}`, { statusCode: status })

/** A stack whose GETs answer `states` in turn (an Error is thrown), naming its deployment from `deploying`. */
function stackApi(states: Array<string | Error>): StackApi & { reads: number } {
  const api = {
    reads: 0,
    create: () => Promise.resolve(),
    delete: () => Promise.resolve(),
    validate: () => Promise.reject(new Error('not used')),
    get(): Promise<DeploymentStack> {
      const state = states[Math.min(api.reads++, states.length - 1)]
      if (state instanceof Error) return Promise.reject(state)
      const named = !['initializing', 'validating', 'deleting'].includes(state)
      return Promise.resolve({
        properties: {
          provisioningState: state,
          actionOnUnmanage: { resources: 'detach' },
          denySettings: { mode: 'none' },
          ...(named ? { deploymentId: DEPLOYMENT } : {})
        }
      })
    }
  }
  return api
}

/** The stack's deployment: Running for `runningPolls` reads, then Succeeded, with one operation. */
function deploymentApi(runningPolls: number): DeploymentApi & { gets: number } {
  const api = {
    gets: 0,
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    get(): Promise<DeploymentExtended> {
      api.gets++
      const state = api.gets > runningPolls ? 'Succeeded' : 'Running'
      return Promise.resolve({ properties: { provisioningState: state } })
    },
    async *listOperationPages(): AsyncIterable<DeploymentOperation[]> {
      yield [
        {
          id: `${DEPLOYMENT}/operations/1`,
          properties: {
            provisioningState: api.gets > runningPolls ? 'Succeeded' : 'Running',
            targetResource: {
              id: `${RG}/providers/Microsoft.Network/networkSecurityGroups/net-nsg`,
              resourceName: 'net-nsg',
              resourceType: 'Microsoft.Network/networkSecurityGroups'
            }
          }
        }
      ]
    }
  }
  return api
}

function options(
  api: StackApi,
  deployments: DeploymentApi,
  extra: Partial<StackPollOptions> = {}
): StackPollOptions & { phases: string[]; found: string[]; polls: number } {
  const seen = { phases: [] as string[], found: [] as string[], polls: 0 }
  return Object.assign(seen, {
    api,
    deployments,
    pollIntervalMs: 30_000,
    deadline: T0 + 3_600_000,
    clock: new FakeClock(),
    logger: new FakeLogger(),
    deleting: false,
    onStack: (s: DeploymentStack) => seen.phases.push(s.properties?.provisioningState ?? ''),
    onDeployment: (r: { name: string }) => seen.found.push(r.name),
    onDeploymentPoll: () => {
      seen.polls++
    },
    ...extra
  })
}

describe('pollStack', () => {
  it('follows the stack, hands its deployment to the deployment poller, then the last phases', async () => {
    const api = stackApi([
      'initializing',
      'validating',
      'deploying',
      'deploying',
      'updatingDenyAssignments',
      'succeeded'
    ])
    const deployments = deploymentApi(2)
    const o = options(api, deployments)
    const outcome = await pollStack(ref, o)
    expect(outcome.kind).toBe('finished')
    expect(outcome.stack?.properties?.provisioningState).toBe('succeeded')
    expect(outcome.deploymentRef?.id).toBe(DEPLOYMENT)
    expect(o.found).toEqual(['net-20260101-abcde'])
    // Two Running reads and the Succeeded one, each reported as progress.
    expect(deployments.gets).toBe(3)
    expect(o.polls).toBe(3)
    expect(outcome.tracker.all().map((op) => [op.resourceName, op.state])).toEqual([
      ['net-nsg', 'Succeeded']
    ])
    // The deployment poller waited through 'deploying'; the stack was read again after it.
    expect(o.phases).toEqual([
      'initializing',
      'validating',
      'deploying',
      'deploying',
      'updatingDenyAssignments',
      'succeeded'
    ])
  })

  it('reads the deployment once when the stack ended between two polls', async () => {
    const deployments = deploymentApi(0)
    const o = options(stackApi(['initializing', 'succeeded']), deployments)
    const outcome = await pollStack(ref, o)
    expect(outcome.kind).toBe('finished')
    expect(deployments.gets).toBe(1)
    expect(outcome.tracker.all()).toHaveLength(1)
  })

  it("a failed stack's verdict is the stack's", async () => {
    const outcome = await pollStack(
      ref,
      options(stackApi(['deploying', 'failed']), deploymentApi(0))
    )
    expect([outcome.kind, outcome.stack?.properties?.provisioningState]).toEqual([
      'finished',
      'failed'
    ])
  })

  it('a delete ends with the stack gone (404), and never follows a deployment', async () => {
    const deployments = deploymentApi(0)
    const o = options(stackApi(['deleting', 'deleting', http(404)]), deployments, {
      deleting: true
    })
    const outcome = await pollStack(ref, o)
    expect(outcome.kind).toBe('deleted')
    expect(deployments.gets).toBe(0)
  })

  it('keeps polling through failed reads, and gives up after three 403s in a row', async () => {
    const recovered = await pollStack(
      ref,
      options(stackApi(['initializing', http(500), http(503), 'succeeded']), deploymentApi(0))
    )
    expect(recovered.kind).toBe('finished')

    const o = options(stackApi(['initializing', http(403)]), deploymentApi(0))
    const lost = await pollStack(ref, o)
    expect(lost.kind).toBe('lost')
    expect(lost.error?.message).toMatch(
      /^Gave up polling deployment stack 'net' after 3 consecutive failures over 1m/
    )
    expect(lost.stack?.properties?.provisioningState).toBe('initializing')
  })

  it('stops at the deadline with the last stack seen (timeout)', async () => {
    const o = options(stackApi(['validating']), deploymentApi(0), { deadline: T0 + 90_000 })
    const outcome = await pollStack(ref, o)
    expect(outcome.kind).toBe('timeout')
    expect(outcome.stack?.properties?.provisioningState).toBe('validating')
  })
})
