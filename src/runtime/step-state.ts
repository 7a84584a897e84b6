// State shared between the main step and the post step (as actions/checkout does): the runner hands
// what the main step saved with saveState to the post step as STATE_<name> variables. Every
// saveState and getState of the action is here, typed.

import { State } from './names.js'
import type { StateStore } from './ports.js'

/**
 * How the main step left the deployment, once it was done with it: ARM refused it (`NotStarted`),
 * it was started without waiting (`NotWaited`), or how the wait ended. Any value tells the post
 * step to rest.
 */
export type MainStepEnd =
  'NotStarted' | 'NotWaited' | 'finished' | 'timeout' | 'aborted' | 'lost' | 'replaced'

/** What the post step needs to know about the main step's deployment. */
export interface MainStepState {
  deploymentId?: string
  deploymentName?: string
  cancelOnAbort: boolean
  /** Set once the main step was done with the deployment. */
  end?: string
}

/** True in the post step: the main step saved IsPost before doing anything else. */
export function isPost(state: StateStore): boolean {
  return state.getState(State.IsPost) === 'true'
}

/** Called first thing in the main step, so the same entry point runs post() afterwards. */
export function markMainStep(state: StateStore): void {
  state.saveState(State.IsPost, 'true')
}

/** Whether the main step was asked to cancel the deployment if the run is canceled. */
export function saveCancelOnAbort(state: StateStore, cancelOnAbort: boolean): void {
  state.saveState(State.CancelOnAbort, String(cancelOnAbort))
}

/** The deployment the main step deploys or follows (saved before the PUT, corrected after attach). */
export function saveDeployment(state: StateStore, ref: { id: string; name?: string }): void {
  state.saveState(State.DeploymentId, ref.id)
  if (ref.name !== undefined) state.saveState(State.DeploymentName, ref.name)
}

export function saveMainStepEnd(state: StateStore, end: MainStepEnd): void {
  state.saveState(State.MainStepEnd, end)
}

/**
 * The main step is no longer done with the deployment: it waited out another run's deployment of
 * the same name (saved as `NotStarted`, so the post step would not cancel that one) and now starts
 * its own. An empty value reads as unset.
 */
export function reopenMainStep(state: StateStore): void {
  state.saveState(State.MainStepEnd, '')
}

export function readMainStepState(state: StateStore): MainStepState {
  const get = (name: string): string | undefined => state.getState(name) || undefined
  const deploymentId = get(State.DeploymentId)
  const deploymentName = get(State.DeploymentName)
  const end = get(State.MainStepEnd)
  return {
    ...(deploymentId ? { deploymentId } : {}),
    ...(deploymentName ? { deploymentName } : {}),
    cancelOnAbort: get(State.CancelOnAbort) === 'true',
    ...(end ? { end } : {})
  }
}
