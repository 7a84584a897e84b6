import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import type { ScopeTarget } from '../../../src/azure/scope.js'
import { pollDeployment, type PollerOptions } from '../../../src/deployment/deployment-poller.js'
import { FakeClock, FakeLogger } from '../../helpers/fakes.js'

const T0 = Date.parse('2026-01-01T10:00:00Z')
const SUB = '00000000-0000-4000-8000-00000000a001'
const RG = `/subscriptions/${SUB}/resourceGroups/rg`
const target: ScopeTarget = { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' }
const ref = { target, name: 'hub', id: `${RG}/providers/Microsoft.Resources/deployments/hub` }

function op(name: string, type: string, state: string): DeploymentOperation {
  return {
    id: `${RG}/providers/Microsoft.Resources/deployments/x/operations/${name}`,
    properties: {
      provisioningState: state,
      targetResource: {
        id: `${RG}/providers/${type}/${name}`,
        resourceName: name,
        resourceType: type
      }
    }
  }
}

/** Scripted ARM: `script(poll)` says what the deployment and its operations look like at each poll. */
function fakeApi(
  script: (
    poll: number
  ) => { state: string; ops: DeploymentOperation[]; nested?: DeploymentOperation[] } | Error
) {
  let poll = 0
  const calls: string[] = []
  const api: DeploymentApi = {
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    get(_t, name, o?: OperationOptions) {
      poll++
      calls.push(`get ${name}`)
      const step = script(poll)
      if (step instanceof Error) return Promise.reject(step)
      const request = createPipelineRequest({ url: 'https://arm/x' })
      o?.onResponse?.({
        request,
        status: 200,
        headers: createHttpHeaders(poll === 2 ? { 'retry-after': '120' } : {})
      })
      return Promise.resolve<DeploymentExtended>({ properties: { provisioningState: step.state } })
    },
    async *listOperationPages(_t, name) {
      calls.push(`list ${name}`)
      const step = script(poll)
      if (step instanceof Error) throw step
      yield name === 'hub' ? step.ops : (step.nested ?? [])
    }
  }
  return { api, calls }
}

function options(
  api: DeploymentApi,
  clock: FakeClock,
  log: FakeLogger,
  extra: Partial<PollerOptions> = {}
): PollerOptions {
  return {
    api,
    clock,
    logger: log,
    pollIntervalMs: 30_000,
    deadline: T0 + 6 * 3_600_000,
    onPoll: () => {},
    ...extra
  }
}

const http = (status: number) => new RestError(`HTTP ${status}`, { statusCode: status })

describe('pollDeployment', () => {
  it('polls to the end, lists nested deployments only while they change, and honours Retry-After', async () => {
    const nestedOp = op('spoke', 'Microsoft.Resources/deployments', 'Running')
    const { api, calls } = fakeApi((poll) => ({
      state: poll < 5 ? 'Running' : 'Succeeded',
      ops: [
        op('vpngw', 'Microsoft.Network/virtualNetworkGateways', poll < 5 ? 'Running' : 'Succeeded'),
        {
          ...nestedOp,
          properties: {
            ...nestedOp.properties,
            provisioningState: poll < 2 ? 'Running' : 'Succeeded'
          }
        }
      ],
      nested: [
        op('spoke-vnet', 'Microsoft.Network/virtualNetworks', poll < 2 ? 'Running' : 'Succeeded')
      ]
    }))
    const clock = new FakeClock(T0, { instant: true })
    const changes: string[] = []
    const outcome = await pollDeployment(
      ref,
      options(api, clock, new FakeLogger(), {
        onPoll: (s) =>
          void changes.push(
            ...s.changes.map(
              (c) => `${s.pollNumber}:${c.operation.resourceName}:${c.operation.state}`
            )
          )
      })
    )
    expect(outcome.kind).toBe('finished')
    expect(changes).toEqual([
      '1:vpngw:Running',
      '1:spoke:Running',
      '1:spoke-vnet:Running',
      '2:spoke:Succeeded',
      '2:spoke-vnet:Succeeded',
      '5:vpngw:Succeeded'
    ])
    // The finished nested deployment is listed once more when it finished, then never again.
    expect(calls.filter((c) => c === 'list spoke')).toHaveLength(2)
    expect(calls.filter((c) => c === 'get hub')).toHaveLength(5)
    expect(clock.sleeps).toEqual([30_000, 120_000, 30_000, 30_000])
  })

  it('keeps polling through transient failures and says so', async () => {
    const { api } = fakeApi((poll) =>
      poll === 2 || poll === 3 ? http(503) : { state: poll < 5 ? 'Running' : 'Succeeded', ops: [] }
    )
    const log = new FakeLogger()
    const outcome = await pollDeployment(
      ref,
      options(api, new FakeClock(T0, { instant: true }), log)
    )
    expect(outcome.kind).toBe('finished')
    expect(log.at('warning')).toEqual([
      "Poll 2 failed: Reading deployment 'hub' failed (HTTP 503). The deployment goes on in Azure; retrying (1 consecutive failure(s), giving up after 15m)",
      "Poll 3 failed: Reading deployment 'hub' failed (HTTP 503). The deployment goes on in Azure; retrying (2 consecutive failure(s), giving up after 15m)"
    ])
    expect(log.at('info')).toContain('Polling recovered after 2 failed attempt(s)')
  })

  it('gives up when failures last longer than the window', async () => {
    const { api } = fakeApi((poll) => (poll === 1 ? { state: 'Running', ops: [] } : http(500)))
    const clock = new FakeClock(T0, { instant: true })
    const outcome = await pollDeployment(ref, options(api, clock, new FakeLogger()))
    expect(outcome.kind).toBe('lost')
    if (outcome.kind !== 'lost') return
    expect(outcome.error.message).toMatch(
      /^Gave up polling deployment 'hub' after 31 consecutive failures over 15m: Reading deployment 'hub' failed \(HTTP 500\)/
    )
    expect(outcome.deployment?.properties?.provisioningState).toBe('Running')
  })

  it('gives up sooner on answers more polling will not fix', async () => {
    const { api } = fakeApi(() => http(403))
    const outcome = await pollDeployment(
      ref,
      options(api, new FakeClock(T0, { instant: true }), new FakeLogger())
    )
    expect(outcome.kind).toBe('lost')
    if (outcome.kind === 'lost')
      expect(outcome.error.message).toContain(
        "after 3 consecutive failures over 1m: Reading deployment 'hub' failed (HTTP 403)"
      )
  })

  it('returns the timeout verdict at the deadline, never sleeping past it', async () => {
    const { api } = fakeApi(() => ({ state: 'Running', ops: [] }))
    const clock = new FakeClock(T0, { instant: true })
    const outcome = await pollDeployment(
      ref,
      options(api, clock, new FakeLogger(), { deadline: T0 + 100_000 })
    )
    expect(outcome.kind).toBe('timeout')
    expect(clock.t).toBe(T0 + 100_000)
    expect(clock.sleeps).toEqual([30_000, 70_000])
  })

  it('reads 800 operations (8 pages) every third poll and whole at the end, reporting only what changed', async () => {
    const pages = (poll: number) =>
      Array.from({ length: 8 }, (_, p) =>
        Array.from({ length: 100 }, (_, i) =>
          op(`r${p * 100 + i}`, 'X/y', poll >= 3 && p * 100 + i === 555 ? 'Succeeded' : 'Running')
        )
      )
    let poll = 0
    const listed: string[] = []
    const api: DeploymentApi = {
      create: () => Promise.resolve(),
      cancel: () => Promise.resolve(),
      get: () =>
        Promise.resolve({ properties: { provisioningState: ++poll < 6 ? 'Running' : 'Canceled' } }),
      async *listOperationPages(_t, name) {
        for (const page of pages(poll)) {
          listed.push(name)
          yield page
        }
      }
    }
    const perPoll: string[][] = []
    const outcome = await pollDeployment(
      ref,
      options(api, new FakeClock(T0, { instant: true }), new FakeLogger(), {
        onPoll: (s) =>
          void perPoll.push(
            s.changes.map((c) => `${c.operation.resourceName}:${c.operation.state}`)
          )
      })
    )
    expect(outcome.kind).toBe('finished')
    // Read at polls 1 and 4 (ceil(8 / 3) = 3 polls apart), and at 6 because the deployment ended.
    expect(listed).toHaveLength(3 * 8)
    expect(perPoll.map((c) => c.length)).toEqual([800, 0, 0, 1, 0, 0])
    expect(perPoll[3]).toEqual(['r555:Succeeded'])
    expect(outcome.tracker.all()).toHaveLength(800)
  })

  it('reads a long listing whole on the last poll before the deadline, so the timeout shows where it stood', async () => {
    let poll = 0
    const listed: number[] = []
    const api: DeploymentApi = {
      create: () => Promise.resolve(),
      cancel: () => Promise.resolve(),
      get: () => Promise.resolve({ properties: { provisioningState: (++poll, 'Running') } }),
      async *listOperationPages() {
        for (let p = 0; p < 8; p++) {
          listed.push(poll)
          yield Array.from({ length: 100 }, (_, i) =>
            op(`r${p * 100 + i}`, 'X/y', poll >= 5 && p * 100 + i === 555 ? 'Failed' : 'Running')
          )
        }
      }
    }
    const clock = new FakeClock(T0, { instant: true })
    // Polls at 0, 30, 60, 90 s and at the deadline (100 s): the 8 pages are due at 1 and 4 only.
    const outcome = await pollDeployment(
      ref,
      options(api, clock, new FakeLogger(), { deadline: T0 + 100_000 })
    )
    expect(outcome.kind).toBe('timeout')
    expect([...new Set(listed)]).toEqual([1, 4, 5])
    expect(outcome.tracker.all().find((o) => o.resourceName === 'r555')?.state).toBe('Failed')
  })
})

describe('pollDeployment: the GET decides, listing failures cost only progress', () => {
  const SPOKE_SUB = '00000000-0000-4000-8000-00000000b002'
  const spokeId = `/subscriptions/${SPOKE_SUB}/resourceGroups/rg-spoke/providers/Microsoft.Resources/deployments/spoke`
  const nestedOp = (state: string): DeploymentOperation => ({
    id: `${RG}/providers/Microsoft.Resources/deployments/hub/operations/spoke-op`,
    properties: {
      provisioningState: state,
      targetResource: {
        id: spokeId,
        resourceName: 'spoke',
        resourceType: 'Microsoft.Resources/deployments'
      }
    }
  })
  const forbidden = () =>
    new RestError('forbidden', {
      statusCode: 403,
      response: {
        status: 403,
        headers: createHttpHeaders({ 'x-ms-correlation-request-id': 'c-403' }),
        request: createPipelineRequest({ url: 'https://arm/x' }),
        bodyAsText: JSON.stringify({
          error: {
            code: 'AuthorizationFailed',
            message: `The client 'app' does not have authorization to perform action 'Microsoft.Resources/deployments/operations/read' over scope '${spokeId}' or the scope is invalid.`
          }
        })
      }
    })

  /** The hub is Running for `polls - 1` polls, then Succeeded; `list(name, poll)` answers each listing. */
  function scripted(polls: number, list: (name: string, poll: number) => DeploymentOperation[]) {
    let poll = 0
    const listed: string[] = []
    const api: DeploymentApi = {
      create: () => Promise.resolve(),
      cancel: () => Promise.resolve(),
      get: () =>
        Promise.resolve({
          properties: { provisioningState: ++poll < polls ? 'Running' : 'Succeeded' }
        }),
      async *listOperationPages(_t, name) {
        listed.push(`${poll}:${name}`)
        yield list(name, poll)
      }
    }
    return { api, listed }
  }

  it('a nested deployment whose operations cannot be read (403) does not make a success lost: one warning, the last tree kept, retried less often', async () => {
    const { api, listed } = scripted(20, (name, poll) => {
      if (name === 'spoke' && poll > 1) throw forbidden()
      if (name === 'spoke')
        return [op('spoke-vnet', 'Microsoft.Network/virtualNetworks', 'Running')]
      return [
        op('vpngw', 'X/y', poll < 20 ? 'Running' : 'Succeeded'),
        nestedOp(poll < 20 ? 'Running' : 'Succeeded')
      ]
    })
    const log = new FakeLogger()
    const outcome = await pollDeployment(
      ref,
      options(api, new FakeClock(T0, { instant: true }), log)
    )
    expect(outcome.kind).toBe('finished')
    expect(outcome.deployment?.properties?.provisioningState).toBe('Succeeded')
    expect(log.at('warning')).toEqual([
      `Listing the operations of nested deployment 'spoke' failed (HTTP 403): AuthorizationFailed: The client 'app' does not have authorization to perform action 'Microsoft.Resources/deployments/operations/read' over scope '${spokeId}' or the scope is invalid. Progress below it is not shown until this works; the deployment itself is still polled and decides the verdict.`
    ])
    // Tried at polls 2, 3, 5, 9, 17 (gaps 1, 2, 4, 8) and once more when the hub finished (20).
    expect(listed.filter((l) => l.endsWith(':spoke'))).toEqual(
      ['1', '2', '3', '5', '9', '17', '20'].map((p) => `${p}:spoke`)
    )
    // The spoke's last known operation stays in the tree.
    expect(outcome.tracker.all().map((o) => `${o.resourceName}:${o.state}`)).toEqual([
      'vpngw:Succeeded',
      'spoke:Succeeded',
      'spoke-vnet:Running'
    ])
  })

  it("the deployment's own operations list failing (timeouts) leaves the verdict to the GET", async () => {
    const timeout = new RestError('ARM did not answer GET /x within 20s', { code: 'ETIMEDOUT' })
    const { api } = scripted(6, (_name, poll) => {
      if (poll >= 2) throw timeout
      return [op('vpngw', 'X/y', 'Running')]
    })
    const log = new FakeLogger()
    const changes: number[] = []
    const outcome = await pollDeployment(
      ref,
      options(api, new FakeClock(T0, { instant: true }), log, {
        onPoll: (s) => void changes.push(s.changes.length)
      })
    )
    expect(outcome.kind).toBe('finished')
    expect(log.at('warning')).toEqual([
      "Listing the operations of deployment 'hub' failed (no response): ETIMEDOUT: ARM did not answer GET /x within 20s. Progress of its operations is not shown until this works; the deployment itself is still polled and decides the verdict."
    ])
    expect(changes).toEqual([1, 0, 0, 0, 0, 0])
    expect(outcome.tracker.all().map((o) => `${o.resourceName}:${o.state}`)).toEqual([
      'vpngw:Running'
    ])
  })

  it('says when listing works again, and warns again only for a new kind of failure', async () => {
    const { api } = scripted(8, (_name, poll) => {
      if (poll === 2 || poll === 3) throw http(503)
      if (poll === 6) throw http(500)
      return [op('vpngw', 'X/y', 'Running')]
    })
    const log = new FakeLogger()
    await pollDeployment(ref, options(api, new FakeClock(T0, { instant: true }), log))
    expect(log.at('warning')).toEqual([
      "Listing the operations of deployment 'hub' failed (HTTP 503): HTTP 503. Progress of its operations is not shown until this works; the deployment itself is still polled and decides the verdict.",
      "Listing the operations of deployment 'hub' failed (HTTP 500): HTTP 500. Progress of its operations is not shown until this works; the deployment itself is still polled and decides the verdict."
    ])
    expect(log.at('info')).toEqual([
      "Listing the operations of deployment 'hub' works again (after 2 failure(s))",
      "Listing the operations of deployment 'hub' works again (after 1 failure(s))"
    ])
  })
})
