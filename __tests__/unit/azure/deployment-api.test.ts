import { isRestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { ReadOptions } from '../../../src/azure/arm-read.js'
import type { ArmClients } from '../../../src/azure/client-factory.js'
import { createDeploymentApi } from '../../../src/azure/deployment-api.js'
import type { ScopeTarget } from '../../../src/azure/scope.js'
import { ARM_API_VERSION } from '../../../src/azure/versions.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const V = `api-version=${ARM_API_VERSION}`

/** Clients whose reads answer from `answers` by path or URL, recording each read. */
function clients(answers: Record<string, unknown>) {
  const reads: Array<{ subscriptionId: string; path: string; o: ReadOptions | undefined }> = []
  const fake: ArmClients = {
    forSubscription: () => {
      throw new Error('the reads do not use the generated client')
    },
    read: (subscriptionId, path, o) => {
      reads.push({ subscriptionId, path, o })
      if (!(path in answers)) return Promise.reject(new Error(`unexpected read of ${path}`))
      return Promise.resolve(structuredClone(answers[path]))
    }
  }
  return { fake, reads }
}

async function pages(iterable: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const all: unknown[][] = []
  for await (const page of iterable) all.push(page)
  return all
}

describe('createDeploymentApi: the poll reads', () => {
  it("reads each scope's deployment at its own path, names percent-encoded, bound to its subscription", async () => {
    const targets: Array<[ScopeTarget, string, string]> = [
      [
        { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: "rg(ü)!'*" },
        `/subscriptions/${SUB}/resourceGroups/rg%28%C3%BC%29%21%27%2A/providers/Microsoft.Resources/deployments/hub.1?${V}`,
        SUB
      ],
      [
        { type: 'subscription', subscriptionId: SUB },
        `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub.1?${V}`,
        SUB
      ],
      [
        { type: 'managementGroup', managementGroupId: 'mg 1' },
        `/providers/Microsoft.Management/managementGroups/mg%201/providers/Microsoft.Resources/deployments/hub.1?${V}`,
        ''
      ],
      [{ type: 'tenant' }, `/providers/Microsoft.Resources/deployments/hub.1?${V}`, '']
    ]
    const { fake, reads } = clients(
      Object.fromEntries(targets.map(([, path]) => [path, { name: 'hub.1' }]))
    )
    const api = createDeploymentApi(fake)
    for (const [target] of targets) await api.get(target, 'hub.1')
    expect(reads.map((r) => [r.path, r.subscriptionId])).toEqual(
      targets.map(([, path, sub]) => [path, sub])
    )
  })

  it("lists each scope's operations at the spec's path for it (a resource group's has no providers/ segment)", async () => {
    const targets: Array<[ScopeTarget, string]> = [
      [
        { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg(1)' },
        `/subscriptions/${SUB}/resourcegroups/rg%281%29/deployments/hub%281%29/operations?${V}`
      ],
      [
        { type: 'subscription', subscriptionId: SUB },
        `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub%281%29/operations?${V}`
      ],
      [
        { type: 'managementGroup', managementGroupId: 'mg' },
        `/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Resources/deployments/hub%281%29/operations?${V}`
      ],
      [{ type: 'tenant' }, `/providers/Microsoft.Resources/deployments/hub%281%29/operations?${V}`]
    ]
    const { fake, reads } = clients(
      Object.fromEntries(targets.map(([, path]) => [path, { value: [] }]))
    )
    const api = createDeploymentApi(fake)
    for (const [target] of targets) await pages(api.listOperationPages(target, 'hub(1)'))
    expect(reads.map((r) => r.path)).toEqual(targets.map(([, path]) => path))
  })

  it("makes the deployment's dates Dates, as the SDK's model types them, and passes the options on", async () => {
    const path = `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub?${V}`
    const { fake, reads } = clients({
      [path]: {
        id: 'x',
        properties: {
          provisioningState: 'Succeeded',
          timestamp: '2026-12-03T10:00:00.5Z',
          duration: 'PT1H',
          outputs: { vnetId: { type: 'String', value: '/subscriptions/x' } }
        },
        systemData: { createdAt: '2026-12-03T09:00:00Z', createdBy: 'me' }
      }
    })
    const onResponse = () => undefined
    const deployment = await createDeploymentApi(fake).get(
      { type: 'subscription', subscriptionId: SUB },
      'hub',
      { onResponse }
    )
    expect(deployment.properties?.timestamp).toEqual(new Date('2026-12-03T10:00:00.5Z'))
    expect(deployment.systemData?.createdAt).toEqual(new Date('2026-12-03T09:00:00Z'))
    expect(deployment.properties?.outputs).toEqual({
      vnetId: { type: 'String', value: '/subscriptions/x' }
    })
    expect(reads[0].o?.onResponse).toBe(onResponse)
  })

  it('refuses a deployment body that is not an object', async () => {
    const path = `/providers/Microsoft.Resources/deployments/hub?${V}`
    const { fake } = clients({ [path]: [1, 2] })
    const error = await createDeploymentApi(fake)
      .get({ type: 'tenant' }, 'hub')
      .catch((e: unknown) => e)
    expect(isRestError(error)).toBe(true)
  })

  it("follows nextLink page by page, adding the api-version where ARM's link lacks one", async () => {
    const base = `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub/operations`
    const op = (n: number) => ({
      id: `op${n}`,
      properties: { provisioningState: 'Running', timestamp: '2026-12-03T10:00:00Z' }
    })
    const second = `https://arm.example${base}?$skiptoken=2`
    const third = `https://arm.example${base}?$skiptoken=3&api-version=2020-01-01`
    const { fake, reads } = clients({
      [`${base}?${V}`]: { value: [op(1), op(2)], nextLink: second },
      [`${second}&${V}`]: { value: [op(3)], nextLink: third },
      [third]: { value: [{ id: 'op4' }], nextLink: null }
    })
    const listed = await pages(
      createDeploymentApi(fake).listOperationPages(
        { type: 'subscription', subscriptionId: SUB },
        'hub'
      )
    )
    expect(listed.map((page) => page.map((o) => (o as { id: string }).id))).toEqual([
      ['op1', 'op2'],
      ['op3'],
      ['op4']
    ])
    expect(reads.map((r) => r.path)).toEqual([`${base}?${V}`, `${second}&${V}`, third])
    // An operation's timestamp stays ARM's string (ListedOperation): only a changed one is read.
    const first = listed[0][0] as { properties: { timestamp: unknown } }
    expect(first.properties.timestamp).toBe('2026-12-03T10:00:00Z')
  })

  it('fails a page without a value array or with a nextLink that is not a string', async () => {
    const base = `/providers/Microsoft.Resources/deployments/hub/operations?${V}`
    for (const body of [{ nextLink: null }, { value: [], nextLink: 7 }, 'text']) {
      const { fake } = clients({ [base]: body })
      const error = await pages(
        createDeploymentApi(fake).listOperationPages({ type: 'tenant' }, 'hub')
      ).catch((e: unknown) => e)
      expect(isRestError(error)).toBe(true)
    }
  })
})
