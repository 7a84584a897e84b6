// Runner cancellation (SIGINT, SIGTERM 7.5 s later, a kill 2.5 s after that): how long each phase
// may hold the step once the run is canceled, and the cancel-on-abort request itself.

import type { Logger } from '../runtime/ports.js'
import { untilAborted } from '../runtime/until-aborted.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { Inputs } from '../runtime/names.js'
import { cancelDeployment, type CancelResult } from '../deployment/deployment-canceler.js'
import type { DeploymentRef } from '../deployment/model.js'

/** After SIGINT: how long a request in flight (a poll, the PUT, the attach read) may still finish. */
const ABORT_GRACE_MS = 1000
/** After SIGINT: how long to wait for Azure to show the deployment `Canceled`. */
export const CANCEL_WAIT_MS = 4000

/** Thrown by untilCanceled: the run was canceled before anything was sent to Azure. */
export class CanceledBeforeStart extends Error {}

/** The work's result, or CanceledBeforeStart as soon as the run is canceled (the work is left behind). */
export function untilCanceled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return untilAborted(work, signal, () => new CanceledBeforeStart('canceled'))
}

/**
 * The work's result, or `abandoned()` once the run has been canceled for `graceMs` and the work
 * has still not settled: a request in flight may finish, but not hold the step past the runner's
 * deadline. Rejections of the work within the grace pass through.
 */
export function withinGrace<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  abandoned: () => T,
  graceMs = ABORT_GRACE_MS
): Promise<T> {
  if (!signal) return work
  let timer: ReturnType<typeof setTimeout> | undefined
  let give: (() => void) | undefined
  const late = new Promise<T>((resolve) => {
    give = (): void => {
      timer = setTimeout(() => resolve(abandoned()), graceMs)
      timer.unref()
    }
    if (signal.aborted) give()
    else signal.addEventListener('abort', give, { once: true })
  })
  return Promise.race([work, late]).finally(() => {
    if (timer) clearTimeout(timer)
    if (give) signal.removeEventListener('abort', give)
  })
}

/** With `cancel-on-abort`, asks Azure to cancel the deployment; without, says it goes on. */
export async function cancelOnAbort(
  cancel: boolean,
  ref: DeploymentRef,
  api: DeploymentApi,
  logger: Logger,
  waitMs = CANCEL_WAIT_MS
): Promise<CancelResult | undefined> {
  const name = ref.name
  if (!cancel) {
    logger.warning(
      `The run was canceled: stopped waiting for deployment ${name}, which goes on in Azure (input '${Inputs.CancelOnAbort}' is false).`
    )
    return undefined
  }
  logger.info(
    `The run was canceled: canceling deployment ${name} in Azure (input '${Inputs.CancelOnAbort}')`
  )
  return cancelDeployment(api, ref, { logger, waitMs })
}

/**
 * When to exit with what has been written, whatever still hangs. SIGINT: before the SIGTERM 7.5 s
 * later. SIGTERM (first, or sooner than the runner's schedule): the kill comes 2.5 s after it.
 * A later signal can only bring the deadline forward.
 */
export function hardStopAt(signal: NodeJS.Signals, now: number, current?: number): number {
  const at = now + (signal === 'SIGTERM' ? 2000 : 7000)
  return current === undefined ? at : Math.min(current, at)
}

/**
 * How long to wait for `Canceled`: CANCEL_WAIT_MS, but ending 1 s before the hard stop (after a
 * first SIGTERM only ~2 s are left), so the report is still written.
 */
export function cancelWaitMs(now: number, hardStopAt: number | undefined): number {
  if (hardStopAt === undefined) return CANCEL_WAIT_MS
  return Math.max(1, Math.min(CANCEL_WAIT_MS, hardStopAt - now - 1000))
}
