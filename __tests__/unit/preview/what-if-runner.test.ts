import type { WhatIfChange, WhatIfOperationResult } from '@azure/arm-resourcesdeployments'
import { RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { PreviewApi } from '../../../src/preview/preview-api.js'
import { redactor } from '../../../src/preview/what-if-changes.js'
import { runWhatIf, type PreviewRequest } from '../../../src/preview/what-if-runner.js'
import { FakeLogger } from '../../helpers/fakes.js'

const RG = '/subscriptions/s/resourceGroups/rg/providers'
const changes: WhatIfChange[] = [
  { resourceId: `${RG}/Microsoft.Network/virtualNetworks/new`, changeType: 'Create' },
  {
    resourceId: `${RG}/Microsoft.Network/virtualNetworks/old`,
    changeType: 'Modify',
    delta: [{ path: 'properties.a', propertyChangeType: 'Modify', before: 1, after: 2 }]
  },
  { resourceId: `${RG}/Microsoft.Network/publicIPAddresses/same`, changeType: 'NoChange' }
]

const request: PreviewRequest = {
  target: { type: 'resourceGroup', subscriptionId: 's', resourceGroupName: 'rg' },
  name: 'hub-1',
  body: { properties: { mode: 'Incremental', template: {} } },
  scopeLabel: 'resource group',
  options: { updateIntervalInMs: 1000 },
  redact: redactor([])
}

function api(answer: WhatIfOperationResult | Error): PreviewApi & { calls: unknown[] } {
  const calls: unknown[] = []
  return {
    calls,
    validate: () => Promise.reject(new Error('not used')),
    whatIf: (...args) => {
      calls.push(args)
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
    }
  }
}

function deps() {
  const r = new FakeLogger()
  const summaries: string[] = []
  return {
    r,
    summaries,
    deps: {
      logger: r,
      outputs: r,
      summary: { write: async (md: string) => void summaries.push(md) }
    }
  }
}

describe('runWhatIf', () => {
  it('logs the changes, sets both outputs and writes the summary', async () => {
    const { r, summaries, deps: d } = deps()
    const fake = api({ status: 'Succeeded', changes })
    const result = await runWhatIf(
      request,
      { excludeChangeTypes: [], failOnChanges: false },
      fake,
      d
    )
    expect(result).toEqual({ ok: true })
    expect(fake.calls[0]).toEqual([request.target, 'hub-1', request.body, request.options])
    expect(JSON.parse(r.outputs['what-if-changes'])).toEqual({
      Create: 1,
      Modify: 1,
      Delete: 0,
      Deploy: 0,
      NoChange: 1,
      Ignore: 0,
      Unsupported: 0
    })
    expect(JSON.parse(r.outputs['what-if-result'])).toHaveLength(3)
    expect(r.at('info')).toContain(`~ Modify ${RG}/Microsoft.Network/virtualNetworks/old`)
    expect(r.at('info')).toContain('    ~ properties.a: 1 => 2')
    expect(summaries[0]).toContain('| ➕ Create | Microsoft.Network/virtualNetworks | new | 0 |')
  })

  it('fails with fail-on-changes when a Create or Modify remains', async () => {
    const { r, summaries, deps: d } = deps()
    const result = await runWhatIf(
      request,
      { excludeChangeTypes: ['NoChange'], failOnChanges: true },
      api({ status: 'Succeeded', changes }),
      d
    )
    expect(result).toEqual({
      ok: false,
      message:
        "What-if found 2 resource change(s) (1 Create, 1 Modify) and 'fail-on-changes' is true; see the log or the job summary for what would change."
    })
    expect(JSON.parse(r.outputs['what-if-result'])).toHaveLength(2)
    expect(summaries[0]).toContain('❌ `fail-on-changes: true` and 2 resource(s) would change')
  })

  it('passes fail-on-changes when the changes are excluded', async () => {
    const { deps: d, summaries } = deps()
    const result = await runWhatIf(
      request,
      { excludeChangeTypes: ['Create', 'Modify'], failOnChanges: true },
      api({ status: 'Succeeded', changes }),
      d
    )
    expect(result).toEqual({ ok: true })
    expect(summaries[0]).toContain('✅ `fail-on-changes: true`: nothing would be created')
  })

  it("reports ARM's error from a failed what-if whole", async () => {
    const { r, summaries, deps: d } = deps()
    const result = await runWhatIf(
      request,
      { excludeChangeTypes: [], failOnChanges: false },
      api({
        status: 'Failed',
        error: {
          code: 'DeploymentWhatIfResourceError',
          message: 'The request to predict template deployment changes failed.',
          details: [{ code: 'InvalidTemplate', message: 'bad', target: 'vnet' }]
        }
      }),
      d
    )
    expect(result.ok).toBe(false)
    expect(r.lines.find((l) => l.level === 'error')).toEqual({
      level: 'error',
      message:
        'DeploymentWhatIfResourceError: The request to predict template deployment changes failed.\n  InvalidTemplate: bad (target: vnet)',
      annotation: { title: 'What-if for deployment hub-1 failed' }
    })
    expect(summaries[0]).toContain('InvalidTemplate: bad (target: vnet)')
  })

  it('rethrows a refused request with the code and message, after writing the summary', async () => {
    const { summaries, deps: d } = deps()
    const refused = new RestError('The template is invalid', {
      code: 'InvalidTemplate',
      statusCode: 400
    })
    await expect(
      runWhatIf(request, { excludeChangeTypes: [], failOnChanges: false }, api(refused), d)
    ).rejects.toThrow(/What-if for deployment 'hub-1' failed \(HTTP 400\)\n {2}InvalidTemplate/)
    expect(summaries[0]).toMatch(/^## ❌ What-if for deployment hub-1 failed/)
  })
})
