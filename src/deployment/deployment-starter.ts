// Starts the deployment with a PUT and returns as soon as ARM accepts it: no SDK poller waits on it,
// because our own loop polls (and re-acquires tokens) for hours.

import type { DeploymentRef, StartedDeployment } from './model.js'
import type { FullOperationResponse } from '@azure-rest/core-client'
import type { Logger } from '../runtime/ports.js'
import { toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import {
  deploymentId,
  portalLink,
  scopeEntry,
  type DeploymentBody,
  type ScopeTarget
} from '../azure/scope.js'

export async function startDeployment(
  api: DeploymentApi,
  target: ScopeTarget,
  name: string,
  body: DeploymentBody,
  deps: { logger: Logger; portalUrl: string }
): Promise<StartedDeployment> {
  const entry = scopeEntry(target)
  let response: FullOperationResponse | undefined
  try {
    await api.create(target, name, body, { onResponse: (r) => (response = r) })
  } catch (error) {
    throw toArmCallError(`Starting deployment '${name}' at ${entry.label} scope`, error)
  }
  const ref: DeploymentRef = { target, name, id: deploymentId(target, name) }
  const bodyCorrelation = correlationFromBody(response?.parsedBody)
  const correlationId =
    bodyCorrelation ?? response?.headers.get('x-ms-correlation-request-id') ?? undefined
  const link = portalLink(deps.portalUrl, ref.id)
  deps.logger.info(`Deployment '${name}' accepted by Azure (HTTP ${response?.status ?? '?'})`)
  return { ref, ...(correlationId ? { correlationId } : {}), portalUrl: link }
}

function correlationFromBody(body: unknown): string | undefined {
  const props = (body as { properties?: { correlationId?: unknown } } | undefined)?.properties
  return typeof props?.correlationId === 'string' ? props.correlationId : undefined
}
