// The secure parameters' values to register with the runner, before anything could print them.

import type { SecretMasker } from '../runtime/ports.js'
import { possibleSecretValues, secretValues } from '../secrets.js'
import type { DeploymentContent } from './types.js'

/**
 * The strings to keep out of logs among the inline parameter values: those of the template's
 * secure parameters, or, for a linked template or template spec (whose secure parameters we cannot
 * see), every string value of at least 4 characters.
 */
export function secureParameterValues(content: DeploymentContent): string[] {
  const known = content.template !== undefined
  const names = known ? content.secureParameterNames : Object.keys(content.parameters)
  const values = new Set<string>()
  for (const name of names) {
    const param = content.parameters[name]
    if (!param || !('value' in param)) continue
    for (const s of known ? secretValues(param.value) : possibleSecretValues(param.value))
      values.add(s)
  }
  return [...values]
}

export function registerSecureParameters(content: DeploymentContent, masker: SecretMasker): void {
  for (const s of secureParameterValues(content)) masker.setSecret(s)
}
