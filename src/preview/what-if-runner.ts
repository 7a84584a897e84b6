// operation: whatIf — asks ARM what the deployment would change, shows it in the log and the job
// summary, sets `what-if-changes` / `what-if-result`, and with `fail-on-changes` fails on drift.

import type { Logger, OutputSink, SummarySink } from '../runtime/ports.js'
import { formatErrorDetail, toArmCallError, toErrorDetail } from '../azure/arm-error.js'
import type { DeploymentBody, ScopeTarget } from '../azure/scope.js'
import { Inputs, Outputs } from '../runtime/names.js'
import { failureSummary, writeSummary } from '../report/summaries.js'
import type { RunResult } from '../report/verdict.js'
import type { WhatIfSettings } from '../settings/settings.js'
import type { PreviewApi, PreviewOptions } from './preview-api.js'
import {
  countChanges,
  countsInWords,
  driftCount,
  keptChanges,
  resultJson,
  DRIFT_TYPES,
  type Redactor
} from './what-if-changes.js'
import { renderWhatIfLog, renderWhatIfSummary } from './what-if-renderer.js'

export interface PreviewRequest {
  target: ScopeTarget
  name: string
  body: DeploymentBody
  scopeLabel: string
  options: PreviewOptions
  /** Hides secure parameter values in everything shown. */
  redact: Redactor
}

export interface PreviewDeps {
  logger: Logger
  outputs: OutputSink
  summary: SummarySink
  /** `comment-on-pr`: posts the result's markdown to the pull request (never throws). */
  comment?: (markdown: string) => Promise<void>
}

export async function runWhatIf(
  request: PreviewRequest,
  whatIf: WhatIfSettings,
  api: PreviewApi,
  deps: PreviewDeps
): Promise<RunResult> {
  const { logger } = deps
  const { name, redact } = request
  const result = await logger
    .group(`What-if for deployment ${name}`, () => {
      logger.info(
        `Asking Azure Resource Manager what deployment ${name} would change at ${request.scopeLabel} scope (nothing is deployed)`
      )
      return api.whatIf(request.target, name, request.body, request.options)
    })
    .catch(async (error: unknown) => {
      const failure = toArmCallError(`What-if for deployment '${name}'`, error)
      await writeSummary(
        deps,
        failureSummary(`What-if for deployment ${name} failed`, redact(failure.message))
      )
      throw failure
    })
  const error = toErrorDetail(result.error)
  if (error || (result.status && result.status !== 'Succeeded')) {
    const text = redact(error ? formatErrorDetail(error) : `status ${result.status}`)
    logger.error(text, { title: `What-if for deployment ${name} failed` })
    await writeSummary(deps, failureSummary(`What-if for deployment ${name} failed`, text))
    return { ok: false, message: `What-if for deployment ${name} failed; see the error above.` }
  }

  const changes = keptChanges(result.changes ?? [], whatIf.excludeChangeTypes)
  const counts = countChanges(changes)
  const drift = driftCount(counts)
  await logger.group(`What-if changes: ${countsInWords(counts)}`, () => {
    for (const line of renderWhatIfLog(changes, counts, whatIf.excludeChangeTypes, redact))
      logger.info(line)
    return Promise.resolve()
  })

  deps.outputs.setOutput(Outputs.WhatIfChanges, JSON.stringify(counts))
  const { json, trimmed } = resultJson(changes, redact)
  deps.outputs.setOutput(Outputs.WhatIfResult, json)
  if (trimmed) {
    logger.warning(
      `The '${Outputs.WhatIfResult}' output leaves out the property changes: with them it is larger than GitHub keeps.`
    )
  }

  const failing = whatIf.failOnChanges && drift > 0
  const driftTypes = [...DRIFT_TYPES].filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${t}`)
  const verdict = failing
    ? `❌ \`${Inputs.FailOnChanges}: true\` and ${drift} resource(s) would change (${driftTypes.join(', ')}).`
    : whatIf.failOnChanges
      ? `✅ \`${Inputs.FailOnChanges}: true\`: nothing would be created, modified or deleted.`
      : undefined
  const markdown = renderWhatIfSummary({
    deploymentName: name,
    scopeLabel: request.scopeLabel,
    changes,
    counts,
    excluded: whatIf.excludeChangeTypes,
    ...(verdict ? { verdict } : {}),
    redact
  })
  await writeSummary(deps, markdown)
  await deps.comment?.(markdown)
  if (failing) {
    return {
      ok: false,
      message: `What-if found ${drift} resource change(s) (${driftTypes.join(', ')}) and '${Inputs.FailOnChanges}' is true; see the log or the job summary for what would change.`
    }
  }
  logger.info(`What-if for deployment ${name}: ${countsInWords(counts)}`)
  return { ok: true }
}
