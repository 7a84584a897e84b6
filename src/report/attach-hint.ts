// How to wait for a deployment again: after a timeout, a cancellation, lost contact, `wait: false`.

import { Inputs } from '../runtime/names.js'
import type { StartedDeployment } from '../deployment/model.js'
import {
  scopeShape,
  SCOPE_FIELD_INPUTS,
  type ScopeTarget,
  type ScopeValues
} from '../azure/scope.js'

export function attachHint(started: StartedDeployment, nameIsDefault: boolean): string {
  const name = started.ref.name
  const how = nameIsDefault
    ? `re-run this job (every attempt of this run uses the name ${name}) or run the action with \`${Inputs.Name}: ${name}\``
    : `run the action again with \`${Inputs.Name}: ${name}\``
  const attachStep = [
    `${Inputs.Operation}: attach`,
    `${Inputs.Name}: ${name}`,
    ...attachInputs(started.ref.target)
  ]
    .map((i) => `\`${i}\``)
    .join(', ')
  return `To wait for it again, ${how}; a step with ${attachStep} (and the same sign-in inputs) waits for it without the template. Follow it in the portal: ${started.portalUrl}`
}

/** The scope inputs that find a deployment again (what an attach step needs), as `input: value`. */
export function attachInputs(target: ScopeTarget): string[] {
  const entry = scopeShape(target.type)
  const values: ScopeValues = target
  return [
    ...(entry.impliedBy === undefined ? [`${Inputs.Scope}: ${target.type}`] : []),
    ...entry.path.map(([, f]) => `${SCOPE_FIELD_INPUTS[f]}: ${values[f] ?? ''}`)
  ]
}
