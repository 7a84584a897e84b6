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
import { toErrorDetail } from './azure/arm-error.js'
import { createArmClients } from './azure/client-factory.js'
import { createDeploymentApi, type DeploymentApi } from './azure/deployment-api.js'
import { deploymentBody, SCOPE_TABLE } from './azure/scope.js'
import { Inputs, State } from './constants.js'
import { pollDeployment, type PollOutcome } from './deployment/deployment-poller.js'
import { startDeployment, type StartedDeployment } from './deployment/deployment-starter.js'
import { formatDuration } from './duration.js'
import { annotateFailures } from './report/error-annotator.js'
import { outputValues, secretValues, writeOutputs } from './report/output-writer.js'
import { ProgressReporter } from './report/progress-reporter.js'
import { renderSummary } from './report/summary-writer.js'
import type { AuthSettings, Settings } from './settings.js'
import {
  loadDeploymentContent,
  type DeploymentContent,
  type ParameterValue
} from './template/deployment-content.js'
import type {
  DeploymentParameter,
  KeyVaultParameterReference
} from '@azure/arm-resourcesdeployments'

/** Verdicts for outcomes other than a finished deployment (whose verdict is its state). */
const VERDICTS: Partial<Record<PollOutcome['kind'], string>> = {
  timeout: 'TimedOut',
  aborted: 'Aborted',
  lost: 'Unknown'
}

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

/** How the run ended; main.ts turns a failure into exactly one setFailed. */
export type RunResult = { ok: true } | { ok: false; message: string }

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
    const api = createDeploymentApi(createArmClients(settings.cloud, refresher, logger))
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
    return await finish(
      settings,
      content,
      started,
      outcome,
      startedAt,
      refresher.refreshCount,
      deps
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
  const body = deploymentBody(
    settings.scope,
    {
      mode: settings.mode,
      ...(content.template ? { template: content.template } : {}),
      ...(content.templateLink ? { templateLink: content.templateLink } : {}),
      parameters: toSdkParameters(content.parameters),
      ...(content.parametersLink ? { parametersLink: content.parametersLink } : {})
    },
    settings.tags
  )
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

async function finish(
  settings: Settings,
  content: DeploymentContent,
  started: StartedDeployment,
  outcome: PollOutcome,
  startedAt: number,
  tokenRefreshes: number,
  deps: ActionDeps
): Promise<RunResult> {
  const now = deps.clock.now()
  const props = outcome.deployment?.properties
  const state = props?.provisioningState ?? 'Unknown'
  const verdict = VERDICTS[outcome.kind] ?? state
  const secureNames = [...content.secureOutputNames, ...settings.maskedOutputs]
  const templateOutputs = props?.outputs as Record<string, unknown> | undefined
  const operations = outcome.tracker.all()
  const deploymentError = toErrorDetail(props?.error)

  writeOutputs(
    {
      templateOutputs,
      secureNames,
      standard: {
        deploymentId: started.ref.id,
        deploymentName: started.ref.name,
        provisioningState: state,
        ...((props?.correlationId ?? started.correlationId)
          ? { correlationId: props?.correlationId ?? started.correlationId }
          : {}),
        durationSeconds: Math.round((now - startedAt) / 1000),
        tokenRefreshes
      }
    },
    { sink: deps.outputs, masker: deps.masker, logger: deps.logger }
  )
  if (verdict === 'Failed' || verdict === 'Canceled') {
    annotateFailures(operations, deploymentError, started.ref.name, deps.logger)
  }
  const attach = attachHint(settings, started)
  const notes =
    outcome.kind === 'finished'
      ? []
      : outcome.kind === 'lost'
        ? ['```', outcome.error.message, '```', '', attach]
        : [attach]
  await writeSummary(
    deps,
    renderSummary({
      verdict,
      deploymentName: started.ref.name,
      deploymentId: started.ref.id,
      portalUrl: started.portalUrl,
      scopeLabel: SCOPE_TABLE[settings.scope.type].label,
      durationMs: now - startedAt,
      tokenRefreshes,
      operations,
      outputs: outputValues(templateOutputs),
      secureNames: new Set(secureNames.map((n) => n.toLowerCase())),
      ...(deploymentError ? { deploymentError } : {}),
      notes,
      now
    })
  )

  const took = formatDuration(now - startedAt)
  if (verdict === 'Succeeded') {
    deps.logger.info(
      `Deployment ${started.ref.name} succeeded after ${took} (${tokenRefreshes} token refreshes)`
    )
    return { ok: true }
  }
  if (outcome.kind === 'timeout') {
    return {
      ok: false,
      message: `Gave up waiting for deployment ${started.ref.name} after ${took} (input '${Inputs.Timeout}'); it is still running in Azure. ${attach}`
    }
  }
  if (outcome.kind === 'lost') {
    return {
      ok: false,
      message: `${outcome.error.message}\nThe deployment may still be running in Azure. ${attach}`
    }
  }
  if (outcome.kind === 'aborted') {
    return {
      ok: false,
      message: `Stopped waiting for deployment ${started.ref.name}; it goes on in Azure. ${attach}`
    }
  }
  return {
    ok: false,
    message: `Deployment ${started.ref.name} ended ${state} after ${took}; see the errors above and the job summary.`
  }
}

function attachHint(settings: Settings, started: StartedDeployment): string {
  const how = settings.nameIsDefault
    ? `re-run this job (every attempt of this run uses the name ${started.ref.name}) or run the action with \`${Inputs.Name}: ${started.ref.name}\``
    : `run the action again with \`${Inputs.Name}: ${started.ref.name}\``
  return `To wait for it again, ${how}. Follow it in the portal: ${started.portalUrl}`
}

async function writeSummary(deps: ActionDeps, markdown: string): Promise<void> {
  try {
    await deps.summary.write(markdown)
  } catch (error) {
    deps.logger.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

function registerCredentialSecrets(auth: AuthSettings, masker: SecretMasker): void {
  if (auth.type === 'secret') masker.setSecret(auth.clientSecret)
  if (auth.type === 'certificate') {
    // The runner masks line by line, so each line of the PEM body is registered as well.
    masker.setSecret(auth.certificatePem)
    for (const line of auth.certificatePem.split(/\r?\n/)) {
      if (line.trim().length >= 8 && !line.startsWith('-----')) masker.setSecret(line.trim())
    }
  }
}

function registerSecureParameters(content: DeploymentContent, masker: SecretMasker): void {
  for (const name of content.secureParameterNames) {
    const param = content.parameters[name]
    if (param && 'value' in param) for (const s of secretValues(param.value)) masker.setSecret(s)
  }
}

/** Template loading keeps Key Vault references opaque; the SDK types them. */
function toSdkParameters(
  params: Record<string, ParameterValue>
): Record<string, DeploymentParameter> {
  return Object.fromEntries(
    Object.entries(params).map(([name, p]) => [
      name,
      'reference' in p
        ? { reference: p.reference as KeyVaultParameterReference }
        : { value: p.value }
    ])
  )
}
