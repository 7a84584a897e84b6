// The PUT body: scope-dependent envelope (scope table) around the loaded template and parameters.

import type {
  DeploymentParameter,
  KeyVaultParameterReference
} from '@azure/arm-resourcesdeployments'
import { deploymentBody, type DeploymentBody } from '../azure/scope.js'
import { onErrorDeployment } from './rollback.js'
import type { Settings } from '../settings/settings.js'
import type { DeploymentContent, ParameterValue } from '../template/types.js'

export function deploymentRequest(settings: Settings, content: DeploymentContent): DeploymentBody {
  return deploymentBody(
    settings.scope,
    {
      mode: settings.mode,
      ...(content.template ? { template: content.template } : {}),
      ...(content.templateLink ? { templateLink: content.templateLink } : {}),
      // ARM refuses a body with both; parameters-uri already excludes inline values.
      ...(content.parametersLink
        ? { parametersLink: content.parametersLink }
        : { parameters: toSdkParameters(content.parameters) }),
      ...(settings.validationLevel ? { validationLevel: settings.validationLevel } : {}),
      ...(settings.rollback ? { onErrorDeployment: onErrorDeployment(settings.rollback) } : {})
    },
    settings.tags
  )
}

/** Template loading keeps Key Vault references opaque; the SDK types them. */
function toSdkParameters(
  params: Record<string, ParameterValue>
): Record<string, DeploymentParameter> {
  return Object.fromEntries(
    Object.entries(params).map(([name, p]) => [
      name,
      'reference' in p
        ? { reference: p.reference as KeyVaultParameterReference }
        : { value: p.value }
    ])
  )
}
