// Cancels a deployment in Azure and waits briefly for `Canceled`: the runner kills the step 10 s
// after it asked it to stop, so this never waits longer than it is told to.

import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { Logger } from '../runtime/ports.js'
import { statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import type { DeploymentRef } from './model.js'
import { isTerminal } from './operation-tracker.js'

export interface CancelResult {
  /** Azure shows the deployment Canceled. */
  canceled: boolean
  /** The last state read (Canceled, or Succeeded/Failed when it ended first, or still Running). */
  deployment?: DeploymentExtended
  /** Why the cancel request itself failed, when it did. */
  error?: string
  /** Azure answered 404 to the cancel and every read: there is no such deployment (yet). */
  notFound?: boolean
}

export interface CancelOptions {
  logger: Logger
  /** Give up waiting for `Canceled` after this long (real ms), requests included. */
  waitMs: number
  /** Pause between reads while waiting. */
  pollMs?: number
  now?: () => number
}

export async function cancelDeployment(
  api: DeploymentApi,
  ref: DeploymentRef,
  o: CancelOptions
): Promise<CancelResult> {
  const now = o.now ?? Date.now
  const deadline = now() + o.waitMs
  // Every request carries the remaining time, so a slow ARM cannot hold the step past its deadline.
  const remaining = () => ({ abortSignal: AbortSignal.timeout(Math.max(1, deadline - now())) })
  let error: string | undefined
  let notFound = false
  try {
    await api.cancel(ref.target, ref.name, remaining())
    o.logger.info(`Asked Azure to cancel deployment '${ref.name}'`)
  } catch (e) {
    // 409 DeploymentCannotBeCancelled: it ended already; the read below says how. 404: there is
    // nothing to cancel (a PUT cut short by the cancel may never have reached ARM).
    if (statusOf(e) === 404) notFound = true
    else if (statusOf(e) !== 409) {
      error = toArmCallError(`Canceling deployment '${ref.name}'`, e).message
      o.logger.warning(error)
    }
  }
  let deployment: DeploymentExtended | undefined
  while (now() < deadline) {
    try {
      deployment = await api.get(ref.target, ref.name, remaining())
      notFound = false
      if (isTerminal(deployment.properties?.provisioningState)) break
    } catch (e) {
      // Still no such deployment after a 404 to the cancel: nothing to wait for.
      if (notFound && statusOf(e) === 404) break
      // A failed read within the deadline: try again; the verdict says what was last seen.
    }
    await new Promise((r) =>
      setTimeout(r, Math.min(o.pollMs ?? 500, Math.max(0, deadline - now())))
    )
  }
  const state = deployment?.properties?.provisioningState
  return {
    canceled: state === 'Canceled',
    ...(deployment ? { deployment } : {}),
    ...(error ? { error } : {}),
    ...(notFound && !deployment ? { notFound } : {})
  }
}
