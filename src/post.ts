// The post step: the backstop for `cancel-on-abort` when the main step was killed before it could
// cancel. It acts only when the main step started a deployment, was asked to cancel it on abort,
// and did not record that it was done with it; otherwise it returns without a word.

import * as fs from 'node:fs'
import { openArmSession } from './flow/arm-session.js'
import { parseDeploymentId } from './azure/scope.js'
import {
  coreIdTokens,
  coreInputs,
  coreLogger,
  coreMasker,
  coreState,
  setFailed
} from './runtime/core-adapter.js'
import { cancelDeployment } from './deployment/deployment-canceler.js'
import { getInputs } from './settings/read-inputs.js'
import { failureMessage } from './errors.js'
import { registerCredentialSecrets } from './auth/credential-secrets.js'
import { readMainStepState } from './runtime/step-state.js'

/** A post step is not held to the 7.5 s of a canceled main step, but it should not linger. */
const CANCEL_WAIT_MS = 20_000

export async function post(): Promise<void> {
  try {
    const main = readMainStepState(coreState)
    if (!main.deploymentId || !main.cancelOnAbort || main.end) return
    const parsed = parseDeploymentId(main.deploymentId)
    if (!parsed) return
    coreLogger.info(
      `The main step was stopped before it finished with deployment ${parsed.name}; canceling it in Azure (input 'cancel-on-abort').`
    )
    const settings = getInputs(coreInputs, {
      env: process.env,
      readFile: (p) => fs.readFileSync(p, 'utf8'),
      now: () => Date.now()
    })
    registerCredentialSecrets(settings.auth, coreMasker)
    const session = await openArmSession(settings, { logger: coreLogger, idTokens: coreIdTokens })
    try {
      const ref = { ...parsed, id: main.deploymentId }
      const result = await cancelDeployment(session.api, ref, {
        logger: coreLogger,
        waitMs: CANCEL_WAIT_MS
      })
      const state = result.deployment?.properties?.provisioningState ?? 'unknown'
      if (result.canceled) coreLogger.info(`Deployment ${parsed.name} is Canceled in Azure.`)
      else if (result.notFound)
        // The main step was canceled while its PUT was in flight, and ARM never took it.
        coreLogger.info(`There is no deployment ${parsed.name} in Azure; nothing to cancel.`)
      else if (['Succeeded', 'Failed'].includes(state))
        coreLogger.info(`Deployment ${parsed.name} had already ended ${state}; nothing to cancel.`)
      else
        setFailed(
          `Could not confirm that deployment ${parsed.name} was canceled (last state: ${state}).${result.error ? ` ${result.error}` : ''} It may still be running in Azure: ${main.deploymentId}`
        )
    } finally {
      session.close()
    }
  } catch (error) {
    setFailed(`Post step: ${failureMessage(error)}`)
  }
}
