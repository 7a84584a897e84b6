// The verdict and everything that reports it: outputs, annotations, the job summary and the
// one-line failure message main.ts passes to setFailed.

import type { Logger, OutputSink, SecretMasker, SummarySink } from '../action-io.js'
import { toErrorDetail } from '../azure/arm-error.js'
import { Inputs } from '../constants.js'
import type { PollOutcome } from '../deployment/deployment-poller.js'
import type { StartedDeployment } from '../deployment/deployment-starter.js'
import type { ScopeTarget } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import { annotateFailures } from './error-annotator.js'
import { outputValues, writeOutputs } from './output-writer.js'
import { renderSummary } from './summary-writer.js'

/** How the run ended; main.ts turns a failure into exactly one setFailed. */
export type RunResult = { ok: true } | { ok: false; message: string }

export interface OutcomeReportInput {
  started: StartedDeployment
  outcome: PollOutcome
  /** Epoch ms when ARM accepted the PUT. */
  startedAt: number
  tokenRefreshes: number
  /** Output names to mask: the template's secure outputs and `masked-outputs`. */
  secureNames: string[]
  /** For the summary, e.g. `resource group`. */
  scopeLabel: string
  /** Whether the name was the default (then a re-run of the job attaches). */
  nameIsDefault: boolean
  /** Set when the run was canceled with `cancel-on-abort`: whether Azure shows it Canceled. */
  cancellation?: { canceled: boolean; error?: string }
}

export interface ReportDeps {
  logger: Logger
  outputs: OutputSink
  masker: SecretMasker
  summary: SummarySink
  now: () => number
}

/** Verdicts for outcomes other than a finished deployment (whose verdict is its state). */
const VERDICTS: Partial<Record<PollOutcome['kind'], string>> = {
  timeout: 'TimedOut',
  aborted: 'Aborted',
  lost: 'Unknown'
}

export async function reportOutcome(
  input: OutcomeReportInput,
  deps: ReportDeps
): Promise<RunResult> {
  const { started, outcome, startedAt, tokenRefreshes, secureNames } = input
  const now = deps.now()
  const props = outcome.deployment?.properties
  const state = props?.provisioningState ?? 'Unknown'
  const cancel = outcome.kind === 'aborted' ? input.cancellation : undefined
  const verdict = cancel
    ? cancel.canceled
      ? 'Canceled'
      : 'CancelRequested'
    : (VERDICTS[outcome.kind] ?? state)
  const templateOutputs = props?.outputs as Record<string, unknown> | undefined
  const operations = outcome.tracker.all()
  const deploymentError = toErrorDetail(props?.error)
  const correlationId = props?.correlationId ?? started.correlationId

  writeOutputs(
    {
      templateOutputs,
      secureNames,
      standard: {
        deploymentId: started.ref.id,
        deploymentName: started.ref.name,
        provisioningState: state,
        ...(correlationId ? { correlationId } : {}),
        durationSeconds: Math.round((now - startedAt) / 1000),
        tokenRefreshes
      }
    },
    { sink: deps.outputs, masker: deps.masker, logger: deps.logger }
  )
  if (verdict === 'Failed' || verdict === 'Canceled') {
    annotateFailures(operations, deploymentError, started.ref.name, deps.logger)
  }
  const attach = attachHint(started, input.nameIsDefault)
  const cancelNote = cancel && cancellationNote(started.ref.name, state, cancel)
  const notes =
    outcome.kind === 'finished'
      ? []
      : outcome.kind === 'lost'
        ? ['```', outcome.error.message, '```', '', attach]
        : cancelNote
          ? [cancelNote]
          : outcome.kind === 'aborted'
            ? [`The run was canceled; the deployment goes on in Azure. ${attach}`]
            : [attach]
  await writeSummary(
    deps,
    renderSummary({
      verdict,
      deploymentName: started.ref.name,
      deploymentId: started.ref.id,
      portalUrl: started.portalUrl,
      scopeLabel: input.scopeLabel,
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
  const name = started.ref.name
  switch (outcome.kind) {
    case 'timeout':
      return {
        ok: false,
        message: `Gave up waiting for deployment ${name} after ${took} (input '${Inputs.Timeout}'); it is still running in Azure. ${attach}`
      }
    case 'lost':
      return {
        ok: false,
        message: `${outcome.error.message}\nThe deployment may still be running in Azure. ${attach}`
      }
    case 'aborted':
      if (cancelNote) return { ok: false, message: cancelNote }
      return {
        ok: false,
        message: `Stopped waiting for deployment ${name}; it goes on in Azure. ${attach}`
      }
    case 'finished':
      if (verdict === 'Succeeded') {
        deps.logger.info(
          `Deployment ${name} succeeded after ${took} (${tokenRefreshes} token refreshes)`
        )
        return { ok: true }
      }
      return {
        ok: false,
        message: `Deployment ${name} ended ${state} after ${took}; see the errors above and the job summary.`
      }
  }
}

/** How to wait for the deployment again (after a timeout, a cancellation or lost contact). */
export function attachHint(started: StartedDeployment, nameIsDefault: boolean): string {
  const name = started.ref.name
  const how = nameIsDefault
    ? `re-run this job (every attempt of this run uses the name ${name}) or run the action with \`${Inputs.Name}: ${name}\``
    : `run the action again with \`${Inputs.Name}: ${name}\``
  const attachStep = [
    `${Inputs.Operation}: attach`,
    `${Inputs.Name}: ${name}`,
    ...scopeInputs(started.ref.target)
  ]
    .map((i) => `\`${i}\``)
    .join(', ')
  return `To wait for it again, ${how}; a step with ${attachStep} (and the same sign-in inputs) waits for it without the template. Follow it in the portal: ${started.portalUrl}`
}

/** The scope inputs that find a deployment again (what an attach step needs). */
export function scopeInputs(target: ScopeTarget): string[] {
  switch (target.type) {
    case 'resourceGroup':
      return [
        `${Inputs.SubscriptionId}: ${target.subscriptionId}`,
        `${Inputs.ResourceGroupName}: ${target.resourceGroupName}`
      ]
    case 'subscription':
      return [`${Inputs.Scope}: subscription`, `${Inputs.SubscriptionId}: ${target.subscriptionId}`]
    case 'managementGroup':
      return [
        `${Inputs.Scope}: managementGroup`,
        `${Inputs.ManagementGroupId}: ${target.managementGroupId}`
      ]
    case 'tenant':
      return [`${Inputs.Scope}: tenant`]
  }
}

function cancellationNote(
  name: string,
  state: string,
  cancel: { canceled: boolean; error?: string }
): string {
  if (cancel.canceled)
    return `The run was canceled, so deployment ${name} was canceled in Azure (input '${Inputs.CancelOnAbort}').`
  const why = cancel.error ? ` The cancel request failed: ${cancel.error}` : ''
  return `The run was canceled and deployment ${name} was asked to cancel in Azure (input '${Inputs.CancelOnAbort}'), but it was still ${state} when the step had to stop; the post step tries again.${why}`
}

/** A summary that cannot be written (no GITHUB_STEP_SUMMARY) is a warning, not a failure. */
export async function writeSummary(
  deps: { summary: SummarySink; logger: Logger },
  markdown: string
): Promise<void> {
  try {
    await deps.summary.write(markdown)
  } catch (error) {
    deps.logger.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
