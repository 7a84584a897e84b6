// Deployment operations are paged 100 at a time by default (an 800-resource deployment costs 8
// reads, not 80), `$top` limits the list as the OpenAPI description's `$top` parameter says, and
// the page size stays configurable for tests of clients' paging.
import { describe, expect, it } from 'vitest'
import { DEFAULT_PAGE_SIZE } from '../../../emulator/src/arm/index.js'
import { deploymentRequest, fakeArm, rgPath, type Wire } from './fake-context.js'

const pips = (count: number) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Network/publicIPAddresses',
      apiVersion: '2024-05-01',
      name: "[concat('pip', copyIndex())]",
      location: 'eastus',
      copy: { name: 'pips', count },
      properties: {}
    }
  ]
})

async function deployed(count: number, pageSize?: number) {
  const arm = fakeArm({}, pageSize)
  await arm.call('PUT', rgPath('many'), deploymentRequest(pips(count)))
  arm.clock.advance(120_000)
  return arm
}

/** Every page of a list from its first URL; the item count of each page. */
async function pages(arm: ReturnType<typeof fakeArm>, first: string): Promise<number[]> {
  const sizes: number[] = []
  for (let url: string | undefined = first; url;) {
    const body: Wire = (await arm.call('GET', url)).body
    sizes.push(body.value.length)
    url = body.nextLink
  }
  return sizes
}

describe('ARM deployments: operations paging', () => {
  it('pages 100 operations at a time by default', async () => {
    expect(DEFAULT_PAGE_SIZE).toBe(100)
    const arm = await deployed(230)
    expect(await pages(arm, `${rgPath('many')}/operations`)).toEqual([100, 100, 30])
  })

  it('honours $top, across pages too', async () => {
    const arm = await deployed(230)
    expect(await pages(arm, `${rgPath('many')}/operations?$top=5`)).toEqual([5])
    expect(await pages(arm, `${rgPath('many')}/operations?$top=150`)).toEqual([100, 50])
  })

  it('keeps a configurable page size for paging tests', async () => {
    const arm = await deployed(5, 2)
    expect(await pages(arm, `${rgPath('many')}/operations`)).toEqual([2, 2, 1])
  })
})
