// Signs in and binds the deployment calls to the cloud: what the main step and the post step share.

import type { IdTokenProvider, Logger } from '../runtime/ports.js'
import { createCredentialFactory } from '../auth/credential-factory.js'
import { TokenRefresher } from '../auth/token-refresher.js'
import { createArmClients, type ArmClients } from '../azure/client-factory.js'
import { createDeploymentApi, type DeploymentApi } from '../azure/deployment-api.js'
import { requestTimeouts } from '../azure/request-timeout.js'
import type { Settings } from '../settings/settings.js'

export interface ArmSession {
  api: DeploymentApi
  /** The clients behind `api`, for the other calls (validate, what-if) to share. */
  clients: ArmClients
  refresher: TokenRefresher
  /** Stops the token timer. */
  close(): void
}

export async function openArmSession(
  settings: Settings,
  deps: { logger: Logger; idTokens: IdTokenProvider }
): Promise<ArmSession> {
  const { logger } = deps
  const closed = new AbortController()
  const createCredential = createCredentialFactory(settings.auth, settings.cloud, {
    idTokens: deps.idTokens,
    logger,
    signal: closed.signal
  })
  const refresher = new TokenRefresher({
    createCredential,
    ...(createCredential.invalidateAssertion
      ? { invalidateAssertion: createCredential.invalidateAssertion }
      : {}),
    ...(createCredential.renewWindowMs !== undefined
      ? { renewWindowMs: createCredential.renewWindowMs }
      : {}),
    ...(createCredential.minDeadlineMs !== undefined
      ? { minDeadlineMs: createCredential.minDeadlineMs }
      : {}),
    scope: settings.cloud.armScope,
    authType: settings.auth.type,
    refreshIntervalMs: settings.timing.tokenRefreshIntervalMs,
    logger
  })
  await logger.group(`Authentication (${settings.auth.type})`, () => refresher.start())
  const clients = createArmClients(
    settings.cloud,
    refresher,
    logger,
    requestTimeouts(settings.timing.pollIntervalMs)
  )
  return {
    api: createDeploymentApi(clients),
    clients,
    refresher,
    close: () => {
      refresher.stop()
      closed.abort()
    }
  }
}
