import { describe, expect, it } from 'vitest'
import { outputText, writeOutputs } from '../../../src/report/output-writer.js'
import { FakeLogger } from '../../helpers/fakes.js'

const standard = {
  deploymentId: '/subscriptions/s/providers/Microsoft.Resources/deployments/hub',
  deploymentName: 'hub',
  provisioningState: 'Succeeded',
  correlationId: 'c0ffee',
  durationSeconds: 11_700,
  tokenRefreshes: 4
}

describe('writeOutputs', () => {
  it('sets each output under its own name, objects as JSON, plus the deployment facts', () => {
    const r = new FakeLogger()
    writeOutputs(
      {
        templateOutputs: {
          hubVnetId: { type: 'String', value: '/x/hub-vnet' },
          zones: { type: 'Array', value: [1, 2] },
          sku: { type: 'Object', value: { tier: 'Premium' } },
          count: { type: 'Int', value: 3 },
          hidden: { type: 'SecureString' }
        },
        secureNames: [],
        standard
      },
      { sink: r, masker: r, logger: r }
    )
    expect(r.outputs).toEqual({
      hubVnetId: '/x/hub-vnet',
      zones: '[1,2]',
      sku: '{"tier":"Premium"}',
      count: '3',
      outputs: '{"hubVnetId":"/x/hub-vnet","zones":[1,2],"sku":{"tier":"Premium"},"count":3}',
      'deployment-id': standard.deploymentId,
      'deployment-name': 'hub',
      'provisioning-state': 'Succeeded',
      'correlation-id': 'c0ffee',
      duration: '11700',
      'token-refreshes': '4'
    })
  })

  it('registers secure outputs by their bare value before setting anything', () => {
    const r = new FakeLogger()
    writeOutputs(
      {
        templateOutputs: {
          adminPassword: { type: 'String', value: 'p@ss"word' },
          conn: { type: 'Object', value: { key: 'k3y-value' } },
          plain: { type: 'String', value: 'visible' }
        },
        secureNames: ['ADMINPASSWORD', 'conn'],
        standard
      },
      { sink: r, masker: r, logger: r }
    )
    const firstOutput = r.events.findIndex((e) => e.startsWith('output '))
    const secrets = r.events.slice(0, firstOutput)
    expect(secrets).toContain('secret p@ss"word')
    expect(secrets).toContain('secret p@ss\\"word')
    expect(secrets).toContain('secret k3y-value')
    expect(secrets).toContain('secret {"key":"k3y-value"}')
    // Never the JSON-quoted form, which would not match the bare value in logs.
    expect(r.events).not.toContain('secret "p@ss\\"word"')
    expect(r.events.slice(firstOutput).some((e) => e.startsWith('secret '))).toBe(false)
    expect(r.events.some((e) => e.includes('visible') && e.startsWith('secret'))).toBe(false)
  })

  it('keeps a template output that collides with an action output only in `outputs`', () => {
    const r = new FakeLogger()
    writeOutputs(
      {
        templateOutputs: { duration: { type: 'String', value: 'PT1H' } },
        secureNames: [],
        standard
      },
      { sink: r, masker: r, logger: r }
    )
    expect(r.outputs.duration).toBe('11700')
    expect(JSON.parse(r.outputs.outputs)).toEqual({ duration: 'PT1H' })
    expect(r.at('warning')).toEqual([
      "Template output 'duration' has the name of one of the action's own outputs; it is only in 'outputs'"
    ])
  })
})

describe('outputText', () => {
  it('renders scalars plainly and the rest as JSON', () => {
    expect(outputText('a')).toBe('a')
    expect(outputText(true)).toBe('true')
    expect(outputText(null)).toBe('')
    expect(outputText(['x'])).toBe('["x"]')
  })
})
