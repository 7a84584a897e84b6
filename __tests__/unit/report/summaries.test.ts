import { describe, expect, it } from 'vitest'
import { renderSummary, startedSummary } from '../../../src/report/summaries.js'
import { timeline } from '../../../src/report/timeline.js'
import { MIN, T0, tracked } from '../../helpers/timeline.js'

const GW = 'Microsoft.Network/virtualNetworkGateways'

describe('renderSummary', () => {
  const base = {
    deploymentName: 'hub-42-abcd1234',
    deploymentId:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/deployments/hub-42-abcd1234',
    portalUrl: 'https://portal.azure.com/#view/x',
    scopeLabel: 'resource group',
    durationMs: 195 * MIN,
    tokenRefreshes: 4,
    outputs: { hubVnetId: '/x/hub-vnet', adminPassword: 'hunter2', zones: [1, 2] },
    secureNames: new Set(['adminpassword']),
    startedAt: T0,
    ended: true,
    now: T0 + 195 * MIN
  }

  it('renders a success with the table, outputs (masked ones as ***) and the timeline', () => {
    const md = renderSummary({
      ...base,
      verdict: 'Succeeded',
      operations: [
        tracked('hub-vnet', 'Microsoft.Network/virtualNetworks', 'Succeeded', T0, T0 + 2 * MIN),
        tracked(
          'spoke-app',
          'Microsoft.Resources/deployments',
          'Succeeded',
          T0 + 2 * MIN,
          T0 + 4 * MIN
        ),
        tracked(
          'app-vnet',
          'Microsoft.Network/virtualNetworks',
          'Succeeded',
          T0 + 2 * MIN,
          T0 + 3 * MIN,
          { nestedDeployment: 'spoke-app' }
        ),
        tracked('hub-vpngw', GW, 'Succeeded', T0 + 2 * MIN, T0 + 195 * MIN)
      ]
    })
    expect(md).toContain('## ✅ Deployment hub-42-abcd1234: Succeeded')
    expect(md).toContain('| Verdict | ✅ Succeeded |\n|---|---|\n')
    expect(md).not.toContain('| | |')
    expect(md).toContain('| Deployment | [hub-42-abcd1234](https://portal.azure.com/#view/x) |')
    expect(md).toContain('| Started | 2026-01-01 10:00:00 UTC |')
    expect(md).toContain('| Ended | 2026-01-01 13:15:00 UTC |')
    expect(md).toContain('| Duration | 3h15m |')
    expect(md).toContain('| Token refreshes | 4 |')
    expect(md).toContain(
      '| ✅ Succeeded | hub-vpngw | <abbr title="Microsoft.Network/virtualNetworkGateways">virtualNetworkGateways</abbr> | 3h13m |'
    )
    expect(md).toContain(
      '| ✅ Succeeded | app-vnet <sub>in spoke-app</sub> | <abbr title="Microsoft.Network/virtualNetworks">virtualNetworks</abbr> | 1m |'
    )
    expect(md).toContain('| hubVnetId | `/x/hub-vnet` |')
    expect(md).toContain('| adminPassword | *** |')
    expect(md).toContain('| zones | `[1,2]` |')
    expect(md).not.toContain('hunter2')
    expect(md).not.toContain('### Errors')
    expect(md).toMatch(/```mermaid\n%%\{init: .*\}%%\ngantt\n {2}dateFormat x/)
  })

  it('renders a failure with its errors (nested details included)', () => {
    const md = renderSummary({
      ...base,
      verdict: 'Failed',
      operations: [
        tracked('hub-fw', 'Microsoft.Network/azureFirewalls', 'Failed', T0, T0 + MIN, {
          error: {
            code: 'Conflict',
            message: 'Subnet in use',
            target: 'AzureFirewallSubnet',
            details: [{ code: 'InUse', message: 'by hub-old' }]
          }
        })
      ]
    })
    expect(md).toContain('## ❌ Deployment hub-42-abcd1234: Failed')
    expect(md).toContain('### Errors')
    expect(md).toContain('❌ **hub-fw (Microsoft.Network/azureFirewalls) failed**')
    // Errors before outputs and resources: what an operator reads first.
    expect(md.indexOf('### Errors')).toBeLessThan(md.indexOf('### Outputs'))
    expect(md.indexOf('### Outputs')).toBeLessThan(md.indexOf('### Resources'))
    expect(md).toContain('| ❌ Failed | hub-fw |')
    expect(md).toContain(
      'Conflict: Subnet in use (target: AzureFirewallSubnet)\n  InUse: by hub-old'
    )
  })

  it('says how to attach after a timeout', () => {
    const md = renderSummary({
      ...base,
      verdict: 'TimedOut',
      operations: [],
      notes: ['To wait for it again, re-run this job.']
    })
    expect(md).toContain('## ⏱️ Deployment hub-42-abcd1234: TimedOut')
    expect(md).toContain('To wait for it again, re-run this job.')
    expect(md).toContain('_No operations reported._')
  })
})

describe('timeline', () => {
  it('puts each nested deployment in its own section, with states as task tags', () => {
    const chart = timeline(
      [
        tracked('hub-vnet', 'Microsoft.Network/virtualNetworks', 'Succeeded', T0, T0 + MIN),
        tracked('hub-fw', 'Microsoft.Network/azureFirewalls', 'Failed', T0 + MIN, T0 + 2 * MIN),
        tracked('app:vnet', 'Microsoft.Network/virtualNetworks', 'Running', T0 + MIN, undefined, {
          nestedDeployment: 'spoke-app'
        })
      ],
      'hub-42',
      T0,
      T0 + 3 * MIN
    )
    expect(chart.split('\n')).toEqual([
      '',
      '### Timeline',
      '',
      '```mermaid',
      '%%{init: {"gantt": {"leftPadding": 79, "rightPadding": 40}}}%%',
      'gantt',
      '  dateFormat x',
      '  axisFormat %H:%M',
      '  section hub-42',
      `  hub-vnet (Succeeded) :done, ${T0}, ${T0 + MIN}`,
      `  hub-fw (Failed) :crit, ${T0 + MIN}, ${T0 + 2 * MIN}`,
      '  section spoke-app',
      `  app_vnet (Running) :active, ${T0 + MIN}, ${T0 + 3 * MIN}`,
      '```'
    ])
  })
})

describe('startedSummary', () => {
  it('says what happened before the start (another request held the name) above the ids', () => {
    const md = startedSummary({
      name: 'hub',
      state: 'Accepted',
      scopeLabel: 'subscription',
      portalUrl: 'https://portal.azure.com/#x',
      deploymentId: '/subscriptions/s/providers/Microsoft.Resources/deployments/hub',
      correlationId: 'corr-2',
      hint: 'To wait for it again, …',
      notes: [
        'Deployment hub was running another request (correlation id corr-1: x); this run waited 5m for it to end (Succeeded), then started its own.'
      ]
    })
    expect(md).toContain(
      'Started at subscription scope without waiting (`wait: false`). [Follow it in the portal](https://portal.azure.com/#x).\n\nDeployment hub was running another request (correlation id corr-1: x); this run waited 5m for it to end (Succeeded), then started its own.\n\n|'
    )
  })
})
