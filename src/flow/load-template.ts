// The template and parameters, loaded and checked against the inputs that depend on them
// (masked-outputs, the scope's $schema) before anything is sent to Azure.

import { SCOPE_TABLE } from '../azure/scope.js'
import type { Logger } from '../runtime/ports.js'
import type { ScopeType, Settings } from '../settings/settings.js'
import { checkContent } from '../template/content-checks.js'
import { loadDeploymentContent } from '../template/deployment-content.js'
import type { DeploymentContent } from '../template/types.js'

/** The template and parameters, checked against the inputs that depend on them. */
export async function loadAndCheck(settings: Settings, logger: Logger): Promise<DeploymentContent> {
  const content = await loadDeploymentContent(settings.template, { logger })
  const type = templateScope(settings)
  checkContent(
    content,
    {
      maskedOutputs: settings.maskedOutputs,
      scope: type,
      templateSchema: SCOPE_TABLE[type].templateSchema
    },
    logger
  )
  return content
}

/**
 * Where the template is deployed: the scope, or a stack's deployment scope (a subscription stack
 * deploying into a resource group, a management group stack into a subscription).
 */
function templateScope(settings: Settings): ScopeType {
  const into = settings.stack?.deploymentScope
  if (into === undefined) return settings.scope.type
  return /\/resourceGroups\//i.test(into) ? 'resourceGroup' : 'subscription'
}
