// Attaches to a deployment that already exists (operation attach, or a PUT answered 409
// DeploymentActive): from here on it is followed and reported exactly as one we started.

import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { Logger } from '../runtime/ports.js'
import { statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { deploymentId, portalLink, scopeEntry, type ScopeTarget } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import type { StartedDeployment } from './model.js'
import { parseIsoDuration } from '../duration.js'

export interface AttachedDeployment {
  started: StartedDeployment
  deployment: DeploymentExtended
  /** Epoch ms the deployment started, from ARM's timestamp and duration (else `now`). */
  startedAt: number
}

export async function attachToDeployment(
  api: DeploymentApi,
  target: ScopeTarget,
  name: string,
  deps: {
    logger: Logger
    portalUrl: string
    now: () => number
    why: string
    /** The deployment as just read (after a 409), so it is not read again. */
    known?: DeploymentExtended
  }
): Promise<AttachedDeployment> {
  const id = deploymentId(target, name)
  let deployment: DeploymentExtended
  try {
    deployment = deps.known ?? (await api.get(target, name))
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new Error(
        `There is no deployment '${name}' at ${scopeEntry(target).label} scope (${id}) to attach to: check the inputs 'name' and the scope inputs.`,
        { cause: error }
      )
    }
    throw toArmCallError(`Reading deployment '${name}' to attach to it`, error)
  }
  const props = deployment.properties
  const state = props?.provisioningState ?? 'Unknown'
  const now = deps.now()
  const elapsed = parseIsoDuration(props?.duration)
  const stamp = props?.timestamp ? new Date(props.timestamp).getTime() : Number.NaN
  // A finished deployment's duration ends at its timestamp; a running one's at about now.
  const end = Number.isFinite(stamp) && !['Running', 'Accepted'].includes(state) ? stamp : now
  const startedAt = elapsed !== undefined ? Math.min(now, end - elapsed) : now
  const link = portalLink(deps.portalUrl, deployment.id ?? id)
  const correlationId = props?.correlationId
  deps.logger.info(
    `Attached to deployment '${name}' (${deps.why}): ${state}, started ${formatDuration(now - startedAt)} ago`
  )
  return {
    started: {
      ref: { target, name, id: deployment.id ?? id },
      ...(correlationId ? { correlationId } : {}),
      portalUrl: link
    },
    deployment,
    startedAt
  }
}
