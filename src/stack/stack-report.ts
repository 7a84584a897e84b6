// Reports how a stack the action followed ended: outputs (the stack's), annotations, the job
// summary and the one-line result main.ts turns into setFailed. The verdict comes from the stack
// (or its 404 after a delete), never from its deployment alone: the stack's own last phases can
// still fail after its deployment succeeded.

import type { Logger, OutputSink, SecretMasker, SummarySink } from '../runtime/ports.js'
import { formatErrorDetail, toErrorDetail } from '../azure/arm-error.js'
import { SCOPE_TABLE } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import { Inputs, Outputs } from '../runtime/names.js'
import { attachInputs } from '../report/attach-hint.js'
import { annotateFailures } from '../report/error-annotator.js'
import { outputValues, writeOutputs } from '../report/output-writer.js'
import { writeSummary } from '../report/summaries.js'
import type { RunResult } from '../report/verdict.js'
import type { StackSettings } from '../settings/settings.js'
import type { StackRef } from './stack-api.js'
import type { StackOutcome } from './stack-poller.js'
import type { FollowedStack } from './stack-starter.js'
import { renderStackSummary } from './stack-summary.js'

export interface StackReportInput {
  followed: FollowedStack
  outcome: StackOutcome
  operation: string
  stack: StackSettings
  tokenRefreshes: number
  secureNames: string[]
  /** Set when the run was canceled with cancel-on-abort: what became of the stack's deployment. */
  cancellation?: { canceled: boolean; note: string }
  /** Set when the run was canceled without a cancel: why the stack goes on. */
  abortNote?: string
}

export interface StackReportDeps {
  logger: Logger
  outputs: OutputSink
  masker: SecretMasker
  summary: SummarySink
  now: () => number
}

/** `succeeded` → `Succeeded`: the same spelling as a deployment's states, for the outputs. */
export const stackState = (state: string | undefined): string =>
  state ? state.charAt(0).toUpperCase() + state.slice(1) : 'Unknown'

/** How to wait for the stack again (its name is always given). */
export function stackAttachHint(followed: FollowedStack): string {
  const step = [
    `${Inputs.Type}: deploymentStack`,
    `${Inputs.Operation}: attach`,
    `${Inputs.Name}: ${followed.ref.name}`,
    ...attachInputs(followed.ref.target)
  ]
    .map((i) => `\`${i}\``)
    .join(', ')
  return `To wait for it again, run a step with ${step} (and the same sign-in inputs). Follow it in the portal: ${followed.portalUrl}`
}

function verdictOf(outcome: StackOutcome, cancel: StackReportInput['cancellation']): string {
  if (cancel) return cancel.canceled ? 'Canceled' : 'CancelRequested'
  switch (outcome.kind) {
    case 'deleted':
      return 'Deleted'
    case 'finished':
      return stackState(outcome.stack?.properties?.provisioningState)
    case 'timeout':
      return 'TimedOut'
    case 'aborted':
      return 'Aborted'
    case 'lost':
      return 'Unknown'
  }
}

export async function reportStack(
  input: StackReportInput,
  deps: StackReportDeps
): Promise<RunResult> {
  const { followed, outcome } = input
  const { ref } = followed
  const now = deps.now()
  const props = outcome.stack?.properties
  const verdict = verdictOf(outcome, input.cancellation)
  const state = outcome.kind === 'deleted' ? 'Deleted' : stackState(props?.provisioningState)
  const templateOutputs = props?.outputs
  const operations = outcome.tracker.all()
  const stackError = toErrorDetail(props?.error)
  writeOutputs(
    {
      templateOutputs,
      secureNames: input.secureNames,
      standard: {
        deploymentId: ref.id,
        deploymentName: ref.name,
        provisioningState: state,
        ...(props?.correlationId ? { correlationId: props.correlationId } : {}),
        durationSeconds: Math.round((now - followed.startedAt) / 1000),
        tokenRefreshes: input.tokenRefreshes
      }
    },
    { sink: deps.outputs, masker: deps.masker, logger: deps.logger }
  )
  // One annotation per resource that could not be deleted (the stack's error repeats them), else
  // per failed operation of its deployment, else the stack's own error.
  const failedResources = props?.failedResources ?? []
  for (const failed of failedResources) {
    const error = toErrorDetail(failed.error)
    deps.logger.error(`${failed.id ?? '?'}: ${error ? formatErrorDetail(error) : 'failed'}`, {
      title: `Deployment stack ${ref.name} could not delete a resource`
    })
  }
  if (failedResources.length === 0 && (verdict === 'Failed' || verdict === 'Canceled')) {
    annotateFailures(operations, stackError, `stack ${ref.name}`, deps.logger)
  }
  const hint = stackAttachHint(followed)
  const notes = [
    ...(outcome.kind === 'lost' && outcome.error
      ? ['```', outcome.error.message, '```', '', hint]
      : []),
    ...(outcome.kind === 'timeout' ? [hint] : []),
    ...(input.cancellation ? [input.cancellation.note] : []),
    ...(input.abortNote ? [input.abortNote] : [])
  ]
  const deleted = outcome.kind === 'deleted' ? deletedResources(followed, input.stack) : undefined
  await writeSummary(
    deps,
    renderStackSummary({
      verdict,
      operation: input.operation,
      name: ref.name,
      stackId: ref.id,
      portalUrl: followed.portalUrl,
      scopeLabel: SCOPE_TABLE[ref.target.type].label,
      ...(outcome.deploymentRef ? { deploymentId: outcome.deploymentRef.id } : {}),
      durationMs: now - followed.startedAt,
      tokenRefreshes: input.tokenRefreshes,
      ...(outcome.stack ? { stack: outcome.stack } : {}),
      ...(deleted ? { deletedStack: deleted } : {}),
      operations,
      outputs: outputValues(templateOutputs),
      secureNames: new Set(input.secureNames.map((n) => n.toLowerCase())),
      notes,
      now
    })
  )
  const took = formatDuration(now - followed.startedAt)
  return result(ref, outcome, verdict, took, hint, input, deps.logger)
}

function result(
  ref: StackRef,
  outcome: StackOutcome,
  verdict: string,
  took: string,
  hint: string,
  input: StackReportInput,
  logger: Logger
): RunResult {
  const name = ref.name
  switch (outcome.kind) {
    case 'deleted':
      logger.info(`Deployment stack ${name} was deleted after ${took}`)
      return { ok: true }
    case 'finished':
      if (verdict === 'Succeeded') {
        logger.info(
          `Deployment stack ${name} succeeded after ${took} (${input.tokenRefreshes} token refreshes)`
        )
        return { ok: true }
      }
      return {
        ok: false,
        message: `Deployment stack ${name} ended ${verdict} after ${took}; see the errors above and the job summary.`
      }
    case 'timeout':
      return {
        ok: false,
        message: `Gave up waiting for deployment stack ${name} after ${took} (input '${Inputs.Timeout}'); it is still running in Azure. ${hint}`
      }
    case 'lost':
      return {
        ok: false,
        message: `${outcome.error?.message ?? 'Polling failed'}\nThe stack may still be running in Azure. ${hint}`
      }
    case 'aborted':
      return {
        ok: false,
        message:
          input.cancellation?.note ??
          input.abortNote ??
          `Stopped waiting for deployment stack ${name}; it goes on in Azure. ${hint}`
      }
  }
}

/** A deleted stack's resources, sorted by what the DELETE was asked to do with each kind. */
function deletedResources(
  followed: FollowedStack,
  stack: StackSettings
): { resources: string[]; detached: string[] } {
  const deleted: string[] = []
  const detached: string[] = []
  const { actionOnUnmanage } = stack
  for (const r of followed.stack?.properties?.resources ?? []) {
    const id = r.id ?? ''
    if (!id) continue
    const action = /\/resourceGroups\/[^/]+$/i.test(id)
      ? (actionOnUnmanage.resourceGroups ?? 'detach')
      : /\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(id)
        ? (actionOnUnmanage.managementGroups ?? 'detach')
        : actionOnUnmanage.resources
    ;(action === 'delete' ? deleted : detached).push(id)
  }
  return { resources: deleted, detached }
}

/** `wait: false`: the stack's update or delete was started; say what it is and how to wait for it. */
export async function reportStackStarted(
  followed: FollowedStack,
  deps: { outputs: OutputSink; summary: SummarySink; logger: Logger }
): Promise<RunResult> {
  const { ref } = followed
  deps.outputs.setOutput(Outputs.DeploymentId, ref.id)
  deps.outputs.setOutput(Outputs.DeploymentName, ref.name)
  deps.outputs.setOutput(Outputs.ProvisioningState, stackState(followed.state))
  const hint = stackAttachHint(followed)
  deps.logger.info(
    `Not waiting for deployment stack ${ref.name} (input 'wait' is false); it is ${followed.state}. ${hint}`
  )
  await writeSummary(
    deps,
    `## ▶️ Deployment stack ${ref.name}: ${stackState(followed.state)}\n\nStarted at ${SCOPE_TABLE[ref.target.type].label} scope without waiting (\`wait: false\`).\n\n${hint}\n`
  )
  return { ok: true }
}
