// A stack run canceled while following the stack. Stacks have no cancel operation: with
// cancel-on-abort the stack's deployment is canceled (the stack then ends canceled); otherwise, or
// before the stack named its deployment, or for a delete, it goes on and the report says so.

import type { Logger, StateStore } from '../runtime/ports.js'
import type { ArmSession } from './arm-session.js'
import { cancelOnAbort, cancelWaitMs } from './cancellation.js'
import { Inputs } from '../runtime/names.js'
import { saveMainStepEnd } from '../runtime/step-state.js'
import type { Settings } from '../settings/settings.js'
import type { StackApi } from '../stack/stack-api.js'
import type { StackOutcome } from '../stack/stack-poller.js'
import { stackAttachHint, stackState } from '../stack/stack-report.js'
import type { FollowedStack } from '../stack/stack-starter.js'

export interface AbortedStackDeps {
  logger: Logger
  state: StateStore
  /** Once canceled: when the step exits whatever still hangs (epoch ms, real time). */
  hardStopAt?: () => number | undefined
}

/**
 * The run was canceled while following the stack. Stacks have no cancel operation: with
 * cancel-on-abort, the stack's deployment is canceled, which ends the stack `canceled`.
 */
export async function abortStack(
  settings: Settings,
  followed: FollowedStack,
  outcome: StackOutcome,
  api: StackApi,
  session: ArmSession,
  deps: AbortedStackDeps
): Promise<
  [StackOutcome, { cancellation?: { canceled: boolean; note: string }; abortNote?: string }]
> {
  const name = followed.ref.name
  const hint = stackAttachHint(followed)
  const deployment = outcome.deploymentRef
  if (!settings.cancelOnAbort || !deployment || settings.operation === 'delete') {
    saveMainStepEnd(deps.state, 'aborted')
    const why = !settings.cancelOnAbort
      ? `input '${Inputs.CancelOnAbort}' is false`
      : settings.operation === 'delete'
        ? 'a stack delete cannot be canceled'
        : 'stacks have no cancel operation, and it had not named its deployment yet'
    const note = `The run was canceled: stopped waiting for deployment stack ${name}, which goes on in Azure (${why}). ${hint}`
    deps.logger.warning(note)
    return [outcome, { abortNote: note }]
  }
  const result = await cancelOnAbort(
    true,
    deployment,
    session.api,
    deps.logger,
    cancelWaitMs(Date.now(), deps.hardStopAt?.())
  )
  // The stack follows its deployment: read it once more for the report (briefly).
  let stack = outcome.stack
  try {
    stack = await api.get(followed.ref.target, name, { abortSignal: AbortSignal.timeout(1000) })
  } catch {
    // The report says what was last seen.
  }
  const canceled = result?.canceled === true
  // Not canceled yet: the post step tries again (the deployment's id is saved).
  if (canceled) saveMainStepEnd(deps.state, 'aborted')
  const state = stackState(stack?.properties?.provisioningState)
  const note = canceled
    ? `The run was canceled, so deployment stack ${name}'s deployment ${deployment.name} was canceled in Azure (input '${Inputs.CancelOnAbort}'); the stack is ${state}.`
    : `The run was canceled and deployment stack ${name}'s deployment ${deployment.name} was asked to cancel in Azure (input '${Inputs.CancelOnAbort}'), but it was still ${result?.deployment?.properties?.provisioningState ?? 'running'} when the step had to stop; the post step tries again.${result?.error ? ` ${result.error}` : ''}`
  return [
    {
      ...outcome,
      ...(stack ? { stack } : {}),
      ...(result?.deployment ? { deployment: result.deployment } : {})
    },
    { cancellation: { canceled, note } }
  ]
}
