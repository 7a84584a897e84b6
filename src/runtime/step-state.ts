// State shared between the main step and the post step (as actions/checkout does): the runner hands
// what the main step saved with saveState to the post step as STATE_<name> variables.

import type { StateStore } from './ports.js'
import { State } from './names.js'

/** What the post step needs to know about the main step's deployment. */
export interface MainStepState {
  deploymentId?: string
  deploymentName?: string
  cancelOnAbort: boolean
  /** Set once the main step was done with the deployment (any verdict). */
  verdict?: string
}

/** True in the post step: the main step saved IsPost before doing anything else. */
export function isPost(state: StateStore): boolean {
  return state.getState(State.IsPost) === 'true'
}

/** Called first thing in the main step, so the same entry point runs post() afterwards. */
export function markMainStep(state: StateStore): void {
  state.saveState(State.IsPost, 'true')
}

export function readMainStepState(state: StateStore): MainStepState {
  const get = (name: string): string | undefined => state.getState(name) || undefined
  const deploymentId = get(State.DeploymentId)
  const deploymentName = get(State.DeploymentName)
  const verdict = get(State.Verdict)
  return {
    ...(deploymentId ? { deploymentId } : {}),
    ...(deploymentName ? { deploymentName } : {}),
    cancelOnAbort: get(State.CancelOnAbort) === 'true',
    ...(verdict ? { verdict } : {})
  }
}
