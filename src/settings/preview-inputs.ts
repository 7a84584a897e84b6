// The inputs of validate / what-if and of rollback-on-error, read into typed settings. read-inputs.ts
// calls these; every error names the input and what was expected, before anything reaches Azure.

import { SCOPE_TABLE } from '../azure/scope.js'
import { Inputs } from '../runtime/names.js'
import { nameProblem } from './deployment-name.js'
import { shown, type InputReader } from './input-reader.js'
import { InputError } from '../errors.js'
import {
  CHANGE_TYPES,
  type RollbackSettings,
  type ScopeType,
  type ValidationLevel,
  type WhatIfSettings
} from './settings.js'

/** ARM's `properties.validationLevel`. */
const VALIDATION_LEVELS: readonly ValidationLevel[] = ['Provider', 'Template', 'ProviderNoRbac']

export function readWhatIfSettings(inputs: InputReader): WhatIfSettings {
  const excludeChangeTypes = inputs.list(Inputs.WhatIfExcludeChangeTypes).map((item) => {
    const match = CHANGE_TYPES.find((t) => t.toLowerCase() === item.toLowerCase())
    if (match === undefined) {
      throw new InputError(
        Inputs.WhatIfExcludeChangeTypes,
        `Input '${Inputs.WhatIfExcludeChangeTypes}' has ${shown(item)}: expected change types separated by commas or new lines, each one of ${CHANGE_TYPES.join(', ')}.`
      )
    }
    return match
  })
  return {
    excludeChangeTypes: [...new Set(excludeChangeTypes)],
    failOnChanges: inputs.boolean(Inputs.FailOnChanges)
  }
}

export function readValidationLevel(inputs: InputReader): ValidationLevel | undefined {
  return inputs.optional(Inputs.ValidationLevel) === undefined
    ? undefined
    : inputs.choice(Inputs.ValidationLevel, VALIDATION_LEVELS)
}

/**
 * `true` → the last successful deployment, a name → that deployment, `false`/empty → none. ARM rolls
 * back only where the scope table says so (resource group deployments), and a named target must not
 * be this deployment's own name: the failing deployment would have replaced it in the history.
 */
export function readRollback(
  inputs: InputReader,
  scope: ScopeType,
  deploymentName: string
): RollbackSettings | undefined {
  const value = inputs.optional(Inputs.RollbackOnError)
  if (value === undefined || /^(false|no|0)$/i.test(value)) return undefined
  const rollback: RollbackSettings = /^(true|yes|1)$/i.test(value)
    ? { type: 'LastSuccessful' }
    : { type: 'SpecificDeployment', deploymentName: value }
  if (!SCOPE_TABLE[scope].supportsRollback) {
    throw new InputError(
      Inputs.RollbackOnError,
      `Input '${Inputs.RollbackOnError}' is set, but the scope is '${scope}': ARM rolls back only resource group deployments (expected '${Inputs.ResourceGroupName}', or leave '${Inputs.RollbackOnError}' out).`
    )
  }
  if (rollback.type === 'SpecificDeployment') {
    const problem = nameProblem(value)
    if (problem) {
      throw new InputError(
        Inputs.RollbackOnError,
        `Input '${Inputs.RollbackOnError}' has ${shown(value)}: expected true, false or the name of an earlier successful deployment in the resource group (${problem}).`
      )
    }
    if (value.toLowerCase() === deploymentName.toLowerCase()) {
      throw new InputError(
        Inputs.RollbackOnError,
        `Input '${Inputs.RollbackOnError}' names this deployment itself ('${value}'): expected the name of an earlier successful deployment; a failing deployment of the same name replaces it in the history.`
      )
    }
  }
  return rollback
}
