// The verdict and everything that reports it: outputs, annotations, the job summary and the
// one-line failure message main.ts passes to setFailed.

import type { Logger, OutputSink, SecretMasker, SummarySink } from '../action-io.js'
import { toErrorDetail } from '../azure/arm-error.js'
import { Inputs } from '../constants.js'
import type { PollOutcome } from '../deployment/deployment-poller.js'
import type { StartedDeployment } from '../deployment/deployment-starter.js'
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
  const verdict = VERDICTS[outcome.kind] ?? state
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
  return `To wait for it again, ${how}. Follow it in the portal: ${started.portalUrl}`
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
