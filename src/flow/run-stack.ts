// A deployment stack's run (type deploymentStack), loaded on demand by run-deployment.ts once the
// template is loaded and tokens flow: validate, or start (create, delete) or attach → follow the
// stack and its deployment (progress) → report. The same session, token refresher, clients and
// cancellation rules as a deployment's run.

import type {
  Clock,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from '../runtime/ports.js'
import type { ArmSession } from './arm-session.js'
import { requestTimeouts } from '../azure/request-timeout.js'
import { withinGrace } from './cancellation.js'
import { OperationTracker } from '../deployment/operation-tracker.js'
import { formatDuration } from '../duration.js'
import { Inputs } from '../runtime/names.js'
import { saveDeployment, saveMainStepEnd } from '../runtime/step-state.js'
import { ProgressReporter } from '../report/progress-reporter.js'
import { failureSummary, notStartedSummary, writeSummary } from '../report/summaries.js'
import type { RunResult } from '../report/verdict.js'
import type { Settings } from '../settings/settings.js'
import type { StackSettings } from '../settings/settings.js'
import type { DeploymentContent } from '../template/types.js'
import {
  createStackApi,
  stackId,
  stackPortalLink,
  type StackApi,
  type StackRef,
  type StackTarget
} from '../stack/stack-api.js'
import { pollStack, type StackOutcome } from '../stack/stack-poller.js'
import { reportStack, reportStackStarted } from '../stack/stack-report.js'
import { abortStack } from './aborted-stack.js'
import { stackRequest } from '../stack/stack-request.js'
import {
  attachToStack,
  deleteStack,
  isStackBusy,
  startStack,
  type FollowedStack
} from '../stack/stack-starter.js'
import { validateStack } from '../stack/stack-validate.js'

export interface StackRunDeps {
  logger: Logger
  outputs: OutputSink
  state: StateStore
  summary: SummarySink
  masker: SecretMasker
  clock: Clock
  signal?: AbortSignal
  hardStopAt?: () => number | undefined
}

export async function runStack(
  settings: Settings,
  stack: StackSettings,
  content: DeploymentContent | undefined,
  session: ArmSession,
  deps: StackRunDeps
): Promise<RunResult> {
  const { logger } = deps
  // The settings reader refuses tenant scope for stacks.
  const target = settings.scope as StackTarget
  const ref: StackRef = { target, name: settings.name, id: stackId(target, settings.name) }
  const api = createStackApi(
    settings.cloud,
    session.refresher,
    logger,
    requestTimeouts(settings.timing.pollIntervalMs)
  )
  if (settings.operation === 'validate' && content) {
    return validateStack(ref, stackRequest(settings, stack, content), content, api, {
      ...deps,
      pollIntervalMs: settings.timing.pollIntervalMs,
      timeoutMs: settings.timing.timeoutMs
    })
  }
  if (deps.signal?.aborted) {
    const message = `The run was canceled before deployment stack ${ref.name} was started; nothing was changed.`
    await writeSummary(deps, notStartedSummary(`stack ${ref.name}`, message))
    return { ok: false, message }
  }
  const secureNames = [...(content?.secureOutputNames ?? []), ...settings.maskedOutputs]
  const followed = await withinGrace<FollowedStack | undefined>(
    follow(settings, stack, content, ref, api, deps).catch((error: unknown) => {
      saveMainStepEnd(deps.state, 'NotStarted')
      throw error
    }),
    deps.signal,
    () => undefined
  )
  const report = (outcome: StackOutcome, extra: Partial<Parameters<typeof reportStack>[0]> = {}) =>
    reportStack(
      {
        followed: followed ?? {
          ref,
          portalUrl: stackPortalLink(settings.cloud.portalUrl, ref.id),
          startedAt: deps.clock.now(),
          state: 'unknown'
        },
        outcome,
        operation: settings.operation,
        stack,
        tokenRefreshes: session.refresher.refreshCount,
        secureNames,
        ...extra
      },
      { ...deps, now: () => deps.clock.now() }
    )
  if (!followed) {
    saveMainStepEnd(deps.state, 'aborted')
    return report(
      { kind: 'aborted', tracker: new OperationTracker() },
      {
        abortNote: `The run was canceled while Azure was being asked to ${settings.operation === 'delete' ? 'delete' : 'update'} deployment stack ${ref.name}; it may go on in Azure, and it had not named a deployment that could be canceled.`
      }
    )
  }
  if (followed.absent) {
    saveMainStepEnd(deps.state, 'finished')
    return report({ kind: 'deleted', tracker: new OperationTracker() })
  }
  if (!settings.wait) {
    saveMainStepEnd(deps.state, 'NotWaited')
    return reportStackStarted(followed, deps)
  }
  const outcome = await waitFor(settings, followed, api, session, deps)
  if (outcome.kind !== 'aborted') {
    saveMainStepEnd(deps.state, outcome.kind === 'deleted' ? 'finished' : outcome.kind)
    return report(outcome)
  }
  return report(...(await abortStack(settings, followed, outcome, api, session, deps)))
}

/** Starts the update or delete, or attaches (operation attach, or the stack is busy already). */
async function follow(
  settings: Settings,
  stack: StackSettings,
  content: DeploymentContent | undefined,
  ref: StackRef,
  api: StackApi,
  deps: StackRunDeps
): Promise<FollowedStack> {
  const starter = {
    logger: deps.logger,
    portalUrl: settings.cloud.portalUrl,
    now: () => deps.clock.now()
  }
  try {
    if (settings.operation === 'attach') {
      return await deps.logger.group(`Attach to deployment stack ${ref.name}`, () =>
        attachToStack(api, ref, `input '${Inputs.Operation}' is attach`, starter)
      )
    }
    if (settings.operation === 'delete') {
      return await deps.logger.group(`Delete deployment stack ${ref.name}`, () =>
        deleteStack(api, ref, stack, starter)
      )
    }
    if (!content) throw new Error(`No template loaded for deployment stack ${ref.name}`)
    const body = stackRequest(settings, stack, content)
    return await deps.logger.group(`Start deployment stack ${ref.name}`, async () => {
      try {
        return await startStack(api, ref, body, starter)
      } catch (error) {
        if (!isStackBusy(error)) throw error
        // A re-run, a second job or a runner that died: follow that one instead of failing.
        deps.logger.info(
          `Deployment stack '${ref.name}' is already being deployed or deleted in Azure (a re-run, another job, or a runner that stopped): waiting for it instead. It runs the template it was started with.`
        )
        return attachToStack(api, ref, 'it was already running', starter)
      }
    })
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    await writeSummary(
      deps,
      failureSummary(`Deployment stack ${ref.name}: ${settings.operation} failed`, text)
    )
    throw error
  }
}

function waitFor(
  settings: Settings,
  followed: FollowedStack,
  api: StackApi,
  session: ArmSession,
  deps: StackRunDeps
): Promise<StackOutcome> {
  const { pollIntervalMs, timeoutMs } = settings.timing
  const { logger } = deps
  const reporter = new ProgressReporter({
    logger,
    startedAt: followed.startedAt,
    now: () => deps.clock.now(),
    heartbeatMs: Math.min(5 * 60_000, 10 * pollIntervalMs)
  })
  logger.info(
    `Polling every ${formatDuration(pollIntervalMs)} for up to ${formatDuration(timeoutMs)}`
  )
  let phase: string | undefined
  let last: StackOutcome = { kind: 'aborted', tracker: new OperationTracker() }
  const polling = pollStack(followed.ref, {
    api,
    deployments: session.api,
    pollIntervalMs,
    // timeout counts from when this step took the stack up, attached or started.
    deadline: deps.clock.now() + timeoutMs,
    clock: deps.clock,
    logger,
    deleting: settings.operation === 'delete',
    onStack: (stack) => {
      last = { ...last, stack }
      const state = stack.properties?.provisioningState ?? 'unknown'
      if (state === phase) return
      phase = state
      logger.info(
        `Deployment stack ${followed.ref.name} is ${state} (${formatDuration(deps.clock.now() - followed.startedAt)})`
      )
    },
    onDeployment: (ref) => {
      last = { ...last, deploymentRef: ref }
      logger.info(`Deployment stack ${followed.ref.name} deploys with deployment ${ref.name}`)
      // The post step's cancel-on-abort backstop cancels this deployment, which cancels the stack.
      saveDeployment(deps.state, { id: ref.id, name: ref.name })
    },
    onDeploymentPoll: (snapshot) => {
      last = { ...last, deployment: snapshot.deployment, tracker: snapshot.tracker }
      return reporter.report(snapshot)
    },
    ...(deps.signal ? { signal: deps.signal } : {})
  })
  // A poll in flight when the run is canceled may not hold up the step past the runner's deadline.
  return withinGrace(polling, deps.signal, () => last)
}
