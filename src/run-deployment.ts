// The action's flow, one way: settings → credentials → start → poll (progress) → report.
// Talks only to the interfaces in action-io.ts; main.ts wires @actions/core in.

import type {
  Clock,
  IdTokenProvider,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from './action-io.js'
import { createCredentialFactory } from './auth/credential-factory.js'
import { TokenRefresher } from './auth/token-refresher.js'
import { createArmClients } from './azure/client-factory.js'
import { createDeploymentApi, type DeploymentApi } from './azure/deployment-api.js'
import { requestTimeouts } from './azure/request-timeout.js'
import { SCOPE_TABLE } from './azure/scope.js'
import { State } from './constants.js'
import { pollDeployment, type PollOutcome } from './deployment/deployment-poller.js'
import { deploymentRequest } from './deployment/deployment-request.js'
import { startDeployment, type StartedDeployment } from './deployment/deployment-starter.js'
import { formatDuration } from './duration.js'
import { reportOutcome, writeSummary, type RunResult } from './report/outcome-report.js'
import { ProgressReporter } from './report/progress-reporter.js'
import { registerCredentialSecrets, registerSecureParameters } from './secret-registration.js'
import type { Settings } from './settings.js'
import { loadDeploymentContent, type DeploymentContent } from './template/deployment-content.js'

export type { RunResult } from './report/outcome-report.js'

export interface ActionDeps {
  logger: Logger
  outputs: OutputSink
  state: StateStore
  summary: SummarySink
  masker: SecretMasker
  idTokens: IdTokenProvider
  clock: Clock
  /** Aborts the wait for the deployment (runner cancellation). */
  signal?: AbortSignal
}

export async function runDeployment(settings: Settings, deps: ActionDeps): Promise<RunResult> {
  const { logger } = deps
  registerCredentialSecrets(settings.auth, deps.masker)
  const content = await logger.group('Template', () =>
    loadDeploymentContent(settings.template, { logger })
  )
  registerSecureParameters(content, deps.masker)

  const refresher = new TokenRefresher({
    createCredential: createCredentialFactory(settings.auth, settings.cloud, {
      idTokens: deps.idTokens,
      logger
    }),
    scope: settings.cloud.armScope,
    authType: settings.auth.type,
    refreshIntervalMs: settings.timing.tokenRefreshIntervalMs,
    logger
  })
  await logger.group(`Authentication (${settings.auth.type})`, () => refresher.start())
  try {
    const api = createDeploymentApi(
      createArmClients(
        settings.cloud,
        refresher,
        logger,
        requestTimeouts(settings.timing.pollIntervalMs)
      )
    )
    const started = await logger
      .group(`Start deployment ${settings.name}`, () => start(settings, content, api, deps))
      .catch(async (error: unknown) => {
        // ARM refused the PUT (validation, quota, permissions): still say so in the summary.
        const text = error instanceof Error ? error.message : String(error)
        await writeSummary(
          deps,
          `## ❌ Deployment ${settings.name} was not started\n\n\`\`\`\n${text}\n\`\`\`\n`
        )
        throw error
      })
    const startedAt = deps.clock.now()
    const outcome = await waitFor(settings, started, api, startedAt, deps)
    return await reportOutcome(
      {
        started,
        outcome,
        startedAt,
        tokenRefreshes: refresher.refreshCount,
        secureNames: [...content.secureOutputNames, ...settings.maskedOutputs],
        scopeLabel: SCOPE_TABLE[settings.scope.type].label,
        nameIsDefault: settings.nameIsDefault
      },
      { ...deps, now: () => deps.clock.now() }
    )
  } finally {
    refresher.stop()
  }
}

async function start(
  settings: Settings,
  content: DeploymentContent,
  api: DeploymentApi,
  deps: ActionDeps
): Promise<StartedDeployment> {
  const body = deploymentRequest(settings, content)
  const started = await startDeployment(api, settings.scope, settings.name, body, {
    logger: deps.logger,
    portalUrl: settings.cloud.portalUrl
  })
  // Saved as soon as ARM accepted it, so a post step or a re-run can find it.
  deps.state.saveState(State.DeploymentId, started.ref.id)
  deps.state.saveState(State.DeploymentName, started.ref.name)
  return started
}

function waitFor(
  settings: Settings,
  started: StartedDeployment,
  api: DeploymentApi,
  startedAt: number,
  deps: ActionDeps
): Promise<PollOutcome> {
  const { pollIntervalMs, timeoutMs } = settings.timing
  const reporter = new ProgressReporter({
    logger: deps.logger,
    startedAt,
    now: () => deps.clock.now(),
    heartbeatMs: Math.min(5 * 60_000, 10 * pollIntervalMs)
  })
  deps.logger.info(
    `Polling every ${formatDuration(pollIntervalMs)} for up to ${formatDuration(timeoutMs)}`
  )
  return pollDeployment(started.ref, {
    pollIntervalMs,
    deadline: startedAt + timeoutMs,
    api,
    clock: deps.clock,
    logger: deps.logger,
    onPoll: (snapshot) => reporter.report(snapshot),
    ...(deps.signal ? { signal: deps.signal } : {})
  })
}
