// operation: validate — asks ARM whether it would accept the deployment, and reports ARM's verdict
// whole (code, message, target, details) in the log and the job summary. Nothing is deployed.

import type { DeploymentValidateResult } from '@azure/arm-resourcesdeployments'
import {
  ArmCallError,
  toArmCallError,
  toErrorDetail,
  type ArmErrorDetail
} from '../azure/arm-error.js'
import { reportValidation } from '../report/validation-report.js'
import type { RunResult } from '../report/verdict.js'
import type { PreviewApi } from './preview-api.js'
import type { PreviewDeps, PreviewRequest } from './what-if-runner.js'

/** Answers that carry ARM's verdict on the request (the rest are failures to ask). */
const VERDICT_STATUSES = new Set([400, 409, 422])

export async function runValidate(
  request: PreviewRequest,
  api: PreviewApi,
  deps: PreviewDeps
): Promise<RunResult> {
  const { logger } = deps
  const { name, redact } = request
  let result: DeploymentValidateResult | undefined
  let refused: { detail: ArmErrorDetail; correlationId?: string } | undefined
  await logger.group(`Validate deployment ${name}`, async () => {
    logger.info(
      `Asking Azure Resource Manager whether it would accept deployment ${name} at ${request.scopeLabel} scope (nothing is deployed)`
    )
    try {
      result = await api.validate(request.target, name, request.body, request.options)
    } catch (error) {
      const failure = toArmCallError(`Validating deployment '${name}'`, error)
      if (!(failure instanceof ArmCallError) || !failure.detail) throw failure
      if (failure.status === undefined || !VERDICT_STATUSES.has(failure.status)) throw failure
      refused = {
        detail: failure.detail,
        ...(failure.correlationId ? { correlationId: failure.correlationId } : {})
      }
    }
  })
  const error = refused?.detail ?? toErrorDetail(result?.error)
  const correlationId = refused?.correlationId ?? result?.properties?.correlationId
  return reportValidation(
    {
      name,
      scopeLabel: request.scopeLabel,
      kind: 'deployment',
      ...(error ? { error } : {}),
      ...(correlationId ? { correlationId } : {}),
      validatedResources: validatedIds(result),
      redact
    },
    deps
  )
}

function validatedIds(result: DeploymentValidateResult | undefined): string[] {
  return (result?.properties?.validatedResources ?? []).map((r) => r.id ?? '').filter(Boolean)
}
