// Registers the credential's secrets with the runner, before anything could print them.

import type { SecretMasker } from '../runtime/ports.js'
import type { AuthSettings } from '../settings/settings.js'

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
