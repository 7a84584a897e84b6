// validate and whatIf: the request both send (the same body a create would PUT), and which runner
// reports ARM's answer. Called by run-deployment.ts after the template is loaded and tokens flow.

import type { Logger, OutputSink, SummarySink } from '../runtime/ports.js'
import type { ArmClients } from '../azure/client-factory.js'
import { SCOPE_TABLE } from '../azure/scope.js'
import { deploymentRequest } from '../deployment/deployment-request.js'
import type { RunResult } from '../report/verdict.js'
import { secureParameterValues } from '../template/secure-parameters.js'
import type { Settings } from '../settings/settings.js'
import type { DeploymentContent } from '../template/types.js'
import type { WhatIfSettings } from '../settings/settings.js'
import { createPreviewApi, type PreviewApi } from './preview-api.js'
import { runValidate } from './validate-runner.js'
import { redactor } from './what-if-changes.js'
import { runWhatIf, type PreviewRequest } from './what-if-runner.js'

export interface PreviewRunDeps {
  logger: Logger
  outputs: OutputSink
  summary: SummarySink
  signal?: AbortSignal
  /** Defaults to the SDK; tests pass a fake. */
  api?: PreviewApi
  /** `comment-on-pr`: posts what-if's result to the pull request. */
  comment?: (markdown: string) => Promise<void>
}

/** What-if and validate answer in seconds to minutes: poll ARM for them at most this often. */
const MAX_UPDATE_INTERVAL_MS = 5_000
const WHAT_IF_DEFAULTS: WhatIfSettings = { excludeChangeTypes: [], failOnChanges: false }

/** Runs `operation: validate` or `operation: whatIf` (the caller dispatches only those here). */
export async function runPreview(
  settings: Settings,
  content: DeploymentContent,
  /** The run's ARM clients: what-if's requests re-acquire tokens like every other call. */
  clients: ArmClients,
  deps: PreviewRunDeps
): Promise<RunResult> {
  const secrets = secureParameterValues(content)
  const request: PreviewRequest = {
    target: settings.scope,
    name: settings.name,
    body: deploymentRequest(settings, content),
    scopeLabel: SCOPE_TABLE[settings.scope.type].label,
    options: {
      updateIntervalInMs: Math.min(settings.timing.pollIntervalMs, MAX_UPDATE_INTERVAL_MS),
      // `timeout` bounds the wait for ARM's answer too; runner cancellation ends it at once.
      abortSignal: AbortSignal.any([
        AbortSignal.timeout(settings.timing.timeoutMs),
        ...(deps.signal ? [deps.signal] : [])
      ])
    },
    redact: redactor(secrets)
  }
  const api = deps.api ?? createPreviewApi(clients)
  return settings.operation === 'validate'
    ? runValidate(request, api, deps)
    : runWhatIf(request, settings.whatIf ?? WHAT_IF_DEFAULTS, api, deps)
}
