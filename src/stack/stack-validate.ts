// operation validate of a stack: asks ARM whether it would accept the stack (template, parameters,
// deny settings, deployment scope) and reports ARM's verdict whole. Nothing is deployed.

import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import type { Logger, SummarySink } from '../runtime/ports.js'
import { ArmCallError, toArmCallError, toErrorDetail } from '../azure/arm-error.js'
import { SCOPE_TABLE } from '../azure/scope.js'
import { redactor } from '../preview/what-if-changes.js'
import { reportValidation } from '../report/validation-report.js'
import type { RunResult } from '../report/verdict.js'
import { secureParameterValues } from '../template/secure-parameters.js'
import type { DeploymentContent } from '../template/types.js'
import type { StackApi, StackRef } from './stack-api.js'

/** Answers that carry ARM's verdict on the request (the rest are failures to ask). */
const VERDICT_STATUSES = new Set([400, 409, 422])
/** Validate answers in seconds: poll ARM for it at most this often. */
const MAX_UPDATE_INTERVAL_MS = 5_000

export async function validateStack(
  ref: StackRef,
  body: DeploymentStack,
  content: DeploymentContent,
  api: StackApi,
  deps: {
    logger: Logger
    summary: SummarySink
    pollIntervalMs: number
    timeoutMs: number
    signal?: AbortSignal
  }
): Promise<RunResult> {
  const { logger } = deps
  const name = `stack ${ref.name}`
  const scopeLabel = SCOPE_TABLE[ref.target.type].label
  const redact = redactor(secureParameterValues(content))
  let refused: ArmCallError | undefined
  const result = await logger.group(`Validate deployment ${name}`, async () => {
    logger.info(
      `Asking Azure Resource Manager whether it would accept deployment ${name} at ${scopeLabel} scope (nothing is deployed)`
    )
    try {
      return await api.validate(ref.target, ref.name, body, {
        updateIntervalInMs: Math.min(deps.pollIntervalMs, MAX_UPDATE_INTERVAL_MS),
        abortSignal: AbortSignal.any([
          AbortSignal.timeout(deps.timeoutMs),
          ...(deps.signal ? [deps.signal] : [])
        ])
      })
    } catch (error) {
      const failure = toArmCallError(`Validating deployment ${name}`, error)
      if (!(failure instanceof ArmCallError) || !failure.detail) throw failure
      if (failure.status === undefined || !VERDICT_STATUSES.has(failure.status)) throw failure
      refused = failure
      return undefined
    }
  })
  const error = refused?.detail ?? toErrorDetail(result?.error)
  const correlationId = refused?.correlationId ?? result?.properties?.correlationId
  return reportValidation(
    {
      name,
      scopeLabel,
      kind: 'deployment stack',
      ...(error ? { error } : {}),
      ...(correlationId ? { correlationId } : {}),
      validatedResources: (result?.properties?.validatedResources ?? [])
        .map((r) => r.id ?? '')
        .filter(Boolean),
      redact
    },
    deps
  )
}
