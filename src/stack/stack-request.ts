// The stack's PUT (and validate) body: the loaded template and parameters, as for a deployment,
// with the stack's own settings around them. Location only where ARM wants one (not at resource
// group scope, like deployments).

import type { DeploymentParameter, DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import { SCOPE_TABLE } from '../azure/scope.js'
import type { Settings } from '../settings/settings.js'
import type { StackSettings } from '../settings/settings.js'
import type { DeploymentContent } from '../template/types.js'

export function stackRequest(
  settings: Pick<Settings, 'scope' | 'tags'>,
  stack: StackSettings,
  content: DeploymentContent
): DeploymentStack {
  const { scope } = settings
  const location =
    'location' in scope && SCOPE_TABLE[scope.type].putLocation ? scope.location : undefined
  const deny = stack.denySettings
  return {
    ...(location ? { location } : {}),
    ...(settings.tags ? { tags: settings.tags } : {}),
    properties: {
      ...(content.template ? { template: content.template } : {}),
      ...(content.templateLink ? { templateLink: content.templateLink } : {}),
      // ARM refuses a body with both; parameters-uri already excludes inline values.
      ...(content.parametersLink
        ? { parametersLink: content.parametersLink }
        : { parameters: content.parameters as Record<string, DeploymentParameter> }),
      ...(stack.description !== undefined ? { description: stack.description } : {}),
      actionOnUnmanage: stack.actionOnUnmanage,
      denySettings: {
        mode: deny.mode,
        ...(deny.excludedPrincipals.length ? { excludedPrincipals: deny.excludedPrincipals } : {}),
        ...(deny.excludedActions.length ? { excludedActions: deny.excludedActions } : {}),
        ...(deny.applyToChildScopes ? { applyToChildScopes: true } : {})
      },
      ...(stack.deploymentScope ? { deploymentScope: stack.deploymentScope } : {}),
      ...(stack.bypassStackOutOfSyncError ? { bypassStackOutOfSyncError: true } : {})
    }
  }
}
