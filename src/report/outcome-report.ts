// Reports how a deployment the action waited on ended: outputs, annotations and the job summary,
// then the result main.ts passes to setFailed. Each part lives in its own module; this one only
// puts them in order.

import type { Logger, OutputSink, SecretMasker, SummarySink } from '../runtime/ports.js'
import { toErrorDetail } from '../azure/arm-error.js'
import type { PollOutcome } from '../deployment/model.js'
import type { StartedDeployment } from '../deployment/model.js'
import { formatDuration } from '../duration.js'
import { attachHint } from './attach-hint.js'
import { annotateFailures } from './error-annotator.js'
import { outputValues, writeOutputs } from './output-writer.js'
import { renderSummary, writeSummary } from './summaries.js'
import type { SummaryContext } from './summary-context.js'
import { isTerminal } from '../deployment/operation-tracker.js'
import {
  cancellationNote,
  replacedMessage,
  runResult,
  verdictOf,
  type Cancellation,
  type RunResult
} from './verdict.js'

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
  cancellation?: Cancellation
  /** What happened before it was followed (another request ran the name), shown first. */
  notes?: string[]
  /** Scope names, template and mode for the summary's header. */
  context?: SummaryContext
}

export interface ReportDeps {
  logger: Logger
  outputs: OutputSink
  masker: SecretMasker
  summary: SummarySink
  now: () => number
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
  const verdict = verdictOf(outcome.kind, state, cancel)
  const templateOutputs = props?.outputs as Record<string, unknown> | undefined
  const operations = outcome.tracker.all()
  const deploymentError = toErrorDetail(props?.error)
  const correlationId = props?.correlationId ?? started.correlationId
  const name = started.ref.name

  writeOutputs(
    {
      templateOutputs,
      secureNames,
      standard: {
        deploymentId: started.ref.id,
        deploymentName: name,
        provisioningState: state,
        ...(correlationId ? { correlationId } : {}),
        durationSeconds: Math.round((now - startedAt) / 1000),
        tokenRefreshes
      }
    },
    { sink: deps.outputs, masker: deps.masker, logger: deps.logger }
  )
  if (verdict === 'Failed' || verdict === 'Canceled') {
    annotateFailures(operations, deploymentError, name, deps.logger)
  }
  const attach = attachHint(started, input.nameIsDefault)
  const cancelNote = cancel && cancellationNote(name, state, cancel)
  const outcomeNotes =
    outcome.kind === 'finished'
      ? []
      : outcome.kind === 'lost'
        ? ['```', outcome.error.message, '```', '', attach]
        : outcome.kind === 'replaced'
          ? [replacedMessage(name, outcome.replacement)]
          : cancelNote
            ? [cancelNote]
            : outcome.kind === 'aborted'
              ? [`The run was canceled; the deployment goes on in Azure. ${attach}`]
              : [attach]
  await writeSummary(
    deps,
    renderSummary({
      verdict,
      deploymentName: name,
      deploymentId: started.ref.id,
      portalUrl: started.portalUrl,
      scopeLabel: input.scopeLabel,
      ...(input.context?.scopeDetail ? { scopeDetail: input.context.scopeDetail } : {}),
      ...(input.context?.template ? { template: input.context.template } : {}),
      ...(input.context?.mode ? { mode: input.context.mode } : {}),
      ...(correlationId ? { correlationId } : {}),
      startedAt,
      ended: isTerminal(state),
      durationMs: now - startedAt,
      tokenRefreshes,
      operations,
      outputs: outputValues(templateOutputs),
      secureNames: new Set(secureNames.map((n) => n.toLowerCase())),
      ...(deploymentError ? { deploymentError } : {}),
      notes: [...(input.notes ?? []).flatMap((n) => [n, '']), ...outcomeNotes],
      now
    })
  )

  const took = formatDuration(now - startedAt)
  const result = runResult({ outcome, verdict, state, name, took, attach, cancelNote })
  if (result.ok) {
    deps.logger.info(
      `Deployment ${name} succeeded after ${took} (${tokenRefreshes} token refreshes)`
    )
  }
  return result
}
