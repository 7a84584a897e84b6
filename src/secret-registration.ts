// Registers with the runner every secret the action holds, before anything could print it.

import type { SecretMasker } from './action-io.js'
import { possibleSecretValues, secretValues } from './secrets.js'
import type { AuthSettings } from './settings.js'
import type { DeploymentContent } from './template/deployment-content.js'

export function registerCredentialSecrets(auth: AuthSettings, masker: SecretMasker): void {
  if (auth.type === 'secret') masker.setSecret(auth.clientSecret)
  if (auth.type === 'certificate') {
    // The runner masks line by line, so each line of the PEM body is registered as well.
    masker.setSecret(auth.certificatePem)
    for (const line of auth.certificatePem.split(/\r?\n/)) {
      if (line.trim().length >= 8 && !line.startsWith('-----')) masker.setSecret(line.trim())
    }
  }
}

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
