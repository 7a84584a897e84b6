// Registers with the runner every secret the action holds, before anything could print it.

import type { SecretMasker } from './action-io.js'
import { secretValues } from './secrets.js'
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

export function registerSecureParameters(content: DeploymentContent, masker: SecretMasker): void {
  for (const name of content.secureParameterNames) {
    const param = content.parameters[name]
    if (param && 'value' in param) for (const s of secretValues(param.value)) masker.setSecret(s)
  }
}
