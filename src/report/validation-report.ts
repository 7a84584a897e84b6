// ARM's answer to a validate request, reported the same way for a deployment and for a stack:
// a refusal whole (code, message, target, details, correlation id) as an error annotation and in
// the job summary, or the resources ARM validated.

import type { Logger, SummarySink } from '../runtime/ports.js'
import { formatErrorDetail, type ArmErrorDetail } from '../azure/arm-error.js'
import { failureSummary, validationPassedSummary, writeSummary } from './summaries.js'
import type { RunResult } from './verdict.js'

export interface ValidationAnswer {
  /** As the messages name it: `deployment-name`, or `stack stack-name`. */
  name: string
  scopeLabel: string
  /** What ARM would refuse, for the summary: 'deployment' or 'deployment stack'. */
  kind: string
  /** ARM's refusal; none when it accepted. */
  error?: ArmErrorDetail
  correlationId?: string
  /** Ids of the resources ARM validated. */
  validatedResources: string[]
  /** Takes secure parameter values out of ARM's messages. */
  redact: (text: string) => string
}

export async function reportValidation(
  a: ValidationAnswer,
  deps: { logger: Logger; summary: SummarySink }
): Promise<RunResult> {
  const { logger } = deps
  const { name, error } = a
  if (error) {
    const text = a.redact(
      `${formatErrorDetail(error)}${a.correlationId ? `\ncorrelation id: ${a.correlationId}` : ''}`
    )
    logger.error(text, { title: `ARM refused deployment ${name} (validate)` })
    await writeSummary(
      deps,
      failureSummary(
        `Validation of deployment ${name} failed`,
        text,
        `Scope: ${a.scopeLabel}. Azure Resource Manager would refuse this ${a.kind}:`
      )
    )
    return {
      ok: false,
      message: `Azure Resource Manager refused deployment ${name} in validation: ${error.code ?? 'error'}; see the error above.`
    }
  }
  const resources = a.validatedResources
  logger.info(
    `Azure Resource Manager accepts deployment ${name}: ${resources.length} resource(s) validated`
  )
  for (const id of resources) logger.info(`  ${id}`)
  await writeSummary(deps, validationPassedSummary(name, a.scopeLabel, resources))
  return { ok: true }
}
