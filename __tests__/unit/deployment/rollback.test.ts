import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { onErrorDeployment, rollbackReport } from '../../../src/deployment/rollback.js'

describe('rollback', () => {
  it('maps the setting to onErrorDeployment', () => {
    expect(onErrorDeployment({ type: 'LastSuccessful' })).toEqual({ type: 'LastSuccessful' })
    expect(onErrorDeployment({ type: 'SpecificDeployment', deploymentName: 'good-1' })).toEqual({
      type: 'SpecificDeployment',
      deploymentName: 'good-1'
    })
  })

  it("reports ARM's rollback of a failed deployment only", () => {
    const failed = {
      properties: {
        provisioningState: 'Failed',
        onErrorDeployment: {
          type: 'LastSuccessful',
          deploymentName: 'good-1',
          provisioningState: 'Succeeded'
        }
      }
    } as DeploymentExtended
    expect(rollbackReport(failed)).toBe(
      'rollback-on-error: Azure Resource Manager rolls back (LastSuccessful) to deployment good-1: Succeeded'
    )
    expect(
      rollbackReport({ properties: { ...failed.properties, provisioningState: 'Succeeded' } })
    ).toBeUndefined()
    expect(rollbackReport(undefined)).toBeUndefined()
  })
})
