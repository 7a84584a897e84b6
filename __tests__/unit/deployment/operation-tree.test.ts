import type { DeploymentOperation } from '@azure/arm-resourcesdeployments'
import { RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import type { ScopeTarget } from '../../../src/azure/scope.js'
import { OperationTree } from '../../../src/deployment/operation-tree.js'
import { OperationTracker } from '../../../src/deployment/operation-tracker.js'
import { FakeLogger } from '../../helpers/fakes.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const RG = `/subscriptions/${SUB}/resourceGroups/rg`
const target: ScopeTarget = { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' }
const ref = { target, name: 'hub', id: `${RG}/providers/Microsoft.Resources/deployments/hub` }

const op = (name: string, type: string, state: string, id = `${RG}/providers/${type}/${name}`) =>
  ({
    id: `${RG}/providers/Microsoft.Resources/deployments/x/operations/${name}`,
    properties: {
      provisioningState: state,
      targetResource: { id, resourceName: name, resourceType: type }
    }
  }) satisfies DeploymentOperation

/** The operation that deploys nested deployment `name` in the resource group. */
const nested = (name: string, state: string) =>
  op(
    name,
    'Microsoft.Resources/deployments',
    state,
    `${RG}/providers/Microsoft.Resources/deployments/${name}`
  )
const spoke = (state: string) => nested('spoke', state)

/** `answer(name, poll)`: the operations of one listing (or its pages), or an error to throw. */
function tree(
  answer: (name: string, poll: number) => DeploymentOperation[] | DeploymentOperation[][] | Error
) {
  let poll = 0
  const listed: string[] = []
  const api: DeploymentApi = {
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    get: () => Promise.resolve({}),
    async *listOperationPages(_t, name) {
      listed.push(`${poll}:${name}`)
      const a = answer(name, poll)
      if (a instanceof Error) throw a
      if (Array.isArray(a[0])) yield* a as DeploymentOperation[][]
      else yield a as DeploymentOperation[]
    }
  }
  const log = new FakeLogger()
  const t = new OperationTree(api, new OperationTracker(), log)
  const list = async (p: number, finished = false) => {
    poll = p
    const ops = await t.list(ref, { poll: p, now: 0, onResponse: () => {}, finished })
    return ops.map((o) => `${o.resourceName}:${o.state}`)
  }
  return { list, listed, log }
}

describe('OperationTree', () => {
  it('skips a nested deployment ARM does not show yet (404) without a word, and lists it once it does', async () => {
    const { list, log } = tree((name, poll) =>
      name === 'hub'
        ? [spoke('Running')]
        : poll === 1
          ? new RestError('not found', { statusCode: 404 })
          : [op('vnet', 'Microsoft.Network/virtualNetworks', 'Running')]
    )
    expect(await list(1)).toEqual(['spoke:Running'])
    expect(await list(2)).toEqual(['spoke:Running', 'vnet:Running'])
    expect(log.lines).toEqual([])
  })

  it('lists a finished nested deployment once more, then serves what it listed', async () => {
    const { list, listed } = tree((name, poll) =>
      name === 'hub'
        ? [spoke(poll < 2 ? 'Running' : 'Succeeded')]
        : [op('vnet', 'Microsoft.Network/virtualNetworks', poll < 2 ? 'Running' : 'Succeeded')]
    )
    for (let p = 1; p <= 4; p++) await list(p)
    expect(await list(5)).toEqual(['spoke:Succeeded', 'vnet:Succeeded'])
    expect(listed.filter((l) => l.endsWith(':spoke'))).toEqual(['1:spoke', '2:spoke'])
  })

  it('a failing nested listing: the last operations stand in, retried after 1, 2, 4, 8 polls, and once more at the end', async () => {
    const { list, listed, log } = tree((name, poll) =>
      name === 'hub'
        ? [spoke('Running')]
        : poll === 1
          ? [op('vnet', 'Microsoft.Network/virtualNetworks', 'Running')]
          : new RestError('timed out', { code: 'ETIMEDOUT' })
    )
    for (let p = 1; p <= 20; p++) expect(await list(p)).toEqual(['spoke:Running', 'vnet:Running'])
    await list(21, true)
    expect(listed.filter((l) => l.endsWith(':spoke')).map((l) => Number(l.split(':')[0]))).toEqual([
      1, 2, 3, 5, 9, 17, 21
    ])
    expect(log.at('warning')).toEqual([
      "Listing the operations of nested deployment 'spoke' failed (no response): ETIMEDOUT: timed out. Progress below it is not shown until this works; the deployment itself is still polled and decides the verdict."
    ])
    expect(log.at('debug')).toHaveLength(5)
  })

  it('reads a long listing every ceil(pages / 3) polls, beside a short one read every poll; at once when its deployment changes state', async () => {
    const vnets = (poll: number) =>
      Array.from({ length: 7 }, (_, page) => [
        op(`vnet${page}`, 'Microsoft.Network/virtualNetworks', `Running@${poll}`)
      ])
    const { list, listed } = tree((name, poll) =>
      name === 'hub' ? [spoke(poll < 6 ? 'Running' : 'Failed')] : vnets(poll)
    )
    const seen: string[] = []
    for (let p = 1; p <= 7; p++) seen.push((await list(p))[1])
    await list(8, true)
    const reads = (of: string) =>
      [...new Set(listed.filter((l) => l.endsWith(`:${of}`)))].map((l) => Number(l.split(':')[0]))
    expect(reads('hub')).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    // 7 pages: every 3rd poll (1, 4), at 6 because the spoke failed, and not after (it has ended).
    expect(reads('spoke')).toEqual([1, 4, 6])
    // Between reads, the operations last read stand in.
    expect(seen).toEqual([1, 1, 1, 4, 4, 6, 6].map((p) => `vnet0:Running@${p}`))
  })

  it('a finished nested deployment whose own nested deployment could not be listed yet is followed below until that one lists', async () => {
    const app = (state: string) => nested('app', state)
    const { list, listed } = tree((name, poll) =>
      name === 'hub'
        ? [spoke(poll < 2 ? 'Running' : 'Succeeded')]
        : name === 'spoke'
          ? [app(poll < 2 ? 'Running' : 'Succeeded')]
          : poll === 2
            ? new RestError('not found', { statusCode: 404 })
            : [op('web', 'Microsoft.Web/sites', poll < 2 ? 'Running' : 'Succeeded')]
    )
    expect(await list(1)).toEqual(['spoke:Running', 'app:Running', 'web:Running'])
    // At 2 spoke has ended and is read in its final state; app answers 404: its last listing stands in.
    expect(await list(2)).toEqual(['spoke:Succeeded', 'app:Succeeded', 'web:Running'])
    expect(await list(3)).toEqual(['spoke:Succeeded', 'app:Succeeded', 'web:Succeeded'])
    for (let p = 4; p <= 6; p++) await list(p)
    expect(await list(7, true)).toEqual(['spoke:Succeeded', 'app:Succeeded', 'web:Succeeded'])
    const reads = (of: string) =>
      listed.filter((l) => l.endsWith(`:${of}`)).map((l) => Number(l.split(':')[0]))
    expect(reads('spoke')).toEqual([1, 2])
    expect(reads('app')).toEqual([1, 2, 3])
  })
})
