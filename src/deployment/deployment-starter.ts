// Starts the deployment with a PUT and returns as soon as ARM accepts it: no SDK poller waits on it,
// because our own loop polls (and re-acquires tokens) for hours.

import type { FullOperationResponse } from '@azure-rest/core-client'
import type { Logger } from '../action-io.js'
import { toArmCallError } from '../azure/arm-error.js'
import type { ArmClients } from '../azure/client-factory.js'
import {
  deploymentId,
  portalLink,
  scopeEntry,
  subscriptionOf,
  type DeploymentBody,
  type ScopeTarget
} from '../azure/scope.js'

/** Which deployment we are following. */
export interface DeploymentRef {
  target: ScopeTarget
  name: string
  /** Full resource id. */
  id: string
}

export interface StartedDeployment {
  ref: DeploymentRef
  correlationId?: string
  portalUrl: string
}

export async function startDeployment(
  clients: ArmClients,
  target: ScopeTarget,
  name: string,
  body: DeploymentBody,
  deps: { logger: Logger; portalUrl: string }
): Promise<StartedDeployment> {
  const entry = scopeEntry(target)
  const client = clients.forSubscription(subscriptionOf(target))
  let response: FullOperationResponse | undefined
  try {
    // `submitted()` sends the PUT only; the poller is never awaited, so it never polls.
    await entry
      .create(client, target, name, body, { onResponse: (r) => (response = r) })
      .submitted()
  } catch (error) {
    throw toArmCallError(`Starting deployment '${name}' at ${entry.label} scope`, error)
  }
  const ref: DeploymentRef = { target, name, id: deploymentId(target, name) }
  const bodyCorrelation = correlationFromBody(response?.parsedBody)
  const correlationId =
    bodyCorrelation ?? response?.headers.get('x-ms-correlation-request-id') ?? undefined
  const link = portalLink(deps.portalUrl, ref.id)
  deps.logger.info(`Deployment '${name}' accepted by Azure (HTTP ${response?.status ?? '?'})`)
  deps.logger.info(`  id: ${ref.id}`)
  if (correlationId) deps.logger.info(`  correlation id: ${correlationId}`)
  deps.logger.info(`  portal: ${link}`)
  return { ref, ...(correlationId ? { correlationId } : {}), portalUrl: link }
}

function correlationFromBody(body: unknown): string | undefined {
  const props = (body as { properties?: { correlationId?: unknown } } | undefined)?.properties
  return typeof props?.correlationId === 'string' ? props.correlationId : undefined
}
