// rollback-on-error: what the PUT asks ARM to redeploy when this deployment fails, and what ARM
// says it did about it afterwards.

import type { DeploymentExtended, OnErrorDeployment } from '@azure/arm-resourcesdeployments'
import type { RollbackSettings } from '../settings/settings.js'

export function onErrorDeployment(rollback: RollbackSettings): OnErrorDeployment {
  return rollback.type === 'LastSuccessful'
    ? { type: 'LastSuccessful' }
    : { type: 'SpecificDeployment', deploymentName: rollback.deploymentName }
}

/** A line for the log when ARM reports a rollback on the finished deployment, else undefined. */
export function rollbackReport(deployment: DeploymentExtended | undefined): string | undefined {
  const props = deployment?.properties
  const rollback = props?.onErrorDeployment
  if (!rollback || props?.provisioningState !== 'Failed') return undefined
  const target = rollback.deploymentName ? ` to deployment ${rollback.deploymentName}` : ''
  const state = rollback.provisioningState ? `: ${rollback.provisioningState}` : ''
  return `rollback-on-error: Azure Resource Manager rolls back (${rollback.type ?? 'LastSuccessful'})${target}${state}`
}
