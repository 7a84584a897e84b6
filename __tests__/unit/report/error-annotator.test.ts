import { describe, expect, it } from 'vitest'
import { annotateFailures, failuresToAnnotate } from '../../../src/report/error-annotator.js'
import { FakeLogger } from '../../helpers/fakes.js'
import { T0, tracked } from '../../helpers/timeline.js'

describe('annotateFailures', () => {
  it('annotates each failed resource once, not the nested deployment that only repeats it', () => {
    const ops = [
      tracked('spoke-app', 'Microsoft.Resources/deployments', 'Failed', T0, T0 + 1, {
        error: { code: 'DeploymentFailed', message: 'see details' }
      }),
      tracked('app-vnet', 'Microsoft.Network/virtualNetworks', 'Failed', T0, T0 + 1, {
        nestedDeployment: 'spoke-app',
        error: {
          code: 'InvalidAddressPrefix',
          message: '10.0.0.0/33 is not valid',
          target: 'addressPrefixes'
        }
      }),
      tracked('hub-vnet', 'Microsoft.Network/virtualNetworks', 'Succeeded', T0, T0 + 1)
    ]
    expect(failuresToAnnotate(ops).map((o) => o.resourceName)).toEqual(['app-vnet'])
    const log = new FakeLogger()
    expect(annotateFailures(ops, undefined, 'hub', log)).toBe(1)
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message:
          'app-vnet: InvalidAddressPrefix: 10.0.0.0/33 is not valid (target: addressPrefixes)\nresource: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/app-vnet',
        annotation: { title: 'app-vnet (Microsoft.Network/virtualNetworks) failed in spoke-app' }
      }
    ])
  })

  it("falls back to the deployment's own error when no operation explains it", () => {
    const log = new FakeLogger()
    annotateFailures([], { code: 'InvalidTemplate', message: 'bad output' }, 'hub', log)
    expect(log.lines).toEqual([
      {
        level: 'error',
        message: 'InvalidTemplate: bad output',
        annotation: { title: 'Deployment hub failed' }
      }
    ])
  })
})
