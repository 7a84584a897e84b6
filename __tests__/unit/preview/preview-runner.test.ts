// runPreview: which runner answers, the request it sends (the create body), and that secure
// parameter values are redacted from what it shows.
import type { WhatIfOperationResult } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import type { ArmClients } from '../../../src/azure/client-factory.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import type { PreviewApi, PreviewOptions } from '../../../src/preview/preview-api.js'
import { runPreview } from '../../../src/preview/preview-runner.js'
import type { DeploymentContent } from '../../../src/template/types.js'
import { FakeLogger } from '../../helpers/fakes.js'

const content: DeploymentContent = {
  template: { resources: [] },
  parameters: { psk: { value: 'Psk-Secret-77' }, prefix: { value: 'hub' } },
  secureParameterNames: ['psk'],
  secureOutputNames: []
}

function settings(operation: string) {
  const inputs: Record<string, string> = {
    'template-file': 'main.json',
    'subscription-id': '00000000-0000-4000-8000-00000000a001',
    'resource-group-name': 'rg',
    'tenant-id': '72f988bf-0000-4000-8000-00000000e001',
    'client-id': '1a2b3c4d-0000-4000-8000-00000000c001',
    'client-secret': 'x',
    name: 'hub-1',
    'poll-interval': '30s',
    operation
  }
  return getInputs(runnerInputs(inputs), { env: {}, readFile: () => '', now: () => 0 })
}

// The tests pass a fake PreviewApi, so the session's clients are never asked for.
const unusedClients: ArmClients = {
  forSubscription: () => {
    throw new Error('not used: the test passes api')
  }
}

describe('runPreview', () => {
  it('whatIf: sends the create body, polls at most every 5 s, and redacts secure values', async () => {
    const seen: PreviewOptions[] = []
    const answer: WhatIfOperationResult = {
      status: 'Succeeded',
      changes: [
        {
          resourceId:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/c',
          changeType: 'Modify',
          delta: [
            { path: 'properties.sharedKey', propertyChangeType: 'Modify', after: 'Psk-Secret-77' }
          ]
        }
      ]
    }
    const api: PreviewApi = {
      validate: () => Promise.reject(new Error('not used')),
      whatIf: (t, name, body, o) => {
        expect(t).toEqual({
          type: 'resourceGroup',
          subscriptionId: '00000000-0000-4000-8000-00000000a001',
          resourceGroupName: 'rg'
        })
        expect(name).toBe('hub-1')
        expect(body.properties.parameters).toEqual({
          psk: { value: 'Psk-Secret-77' },
          prefix: { value: 'hub' }
        })
        seen.push(o)
        return Promise.resolve(answer)
      }
    }
    const r = new FakeLogger()
    const summaries: string[] = []
    const result = await runPreview(settings('whatIf'), content, unusedClients, {
      logger: r,
      outputs: r,
      summary: { write: async (md: string) => void summaries.push(md) },
      api
    })
    expect(result).toEqual({ ok: true })
    expect(seen[0].updateIntervalInMs).toBe(5000)
    expect(seen[0].abortSignal?.aborted).toBe(false)
    const shown = [...r.at(), summaries.join(''), JSON.stringify(r.outputs)].join('\n')
    expect(shown).not.toContain('Psk-Secret-77')
    expect(shown).toContain('"***"')
  })

  it('validate: goes to the validate runner', async () => {
    const r = new FakeLogger()
    const api: PreviewApi = {
      validate: () => Promise.resolve({ properties: { validatedResources: [] } }),
      whatIf: () => Promise.reject(new Error('not used'))
    }
    const result = await runPreview(settings('validate'), content, unusedClients, {
      logger: r,
      outputs: r,
      summary: { write: () => Promise.resolve() },
      api
    })
    expect(result).toEqual({ ok: true })
    expect(r.at('info')).toContain(
      'Azure Resource Manager accepts deployment hub-1: 0 resource(s) validated'
    )
  })
})
