// The action's flow, one way: settings → credentials → start (or attach) → poll (progress) → report.
// Talks only to the interfaces in runtime/ports.ts; main.ts wires @actions/core in.

import type {
  Clock,
  IdTokenProvider,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from '../runtime/ports.js'
import { reportAborted } from './aborted-run.js'
import { openArmSession, type ArmSession } from './arm-session.js'
import { ArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { deploymentId, portalLink, SCOPE_TABLE } from '../azure/scope.js'
import { CanceledBeforeStart, untilCanceled, withinGrace } from './cancellation.js'
import { Inputs } from '../runtime/names.js'
import { saveCancelOnAbort, saveDeployment, saveMainStepEnd } from '../runtime/step-state.js'
import { attachToDeployment, type AttachedDeployment } from '../deployment/deployment-attacher.js'
import { pollDeployment, type PollSnapshot } from '../deployment/deployment-poller.js'
import type { PollOutcome } from '../deployment/model.js'
import { deploymentRequest } from '../deployment/deployment-request.js'
import { startDeployment } from '../deployment/deployment-starter.js'
import type { StartedDeployment } from '../deployment/model.js'
import { OperationTracker } from '../deployment/operation-tracker.js'
import { formatDuration } from '../duration.js'
import { reportOutcome } from '../report/outcome-report.js'
import { summaryContext } from '../report/summary-context.js'
import { ProgressReporter } from '../report/progress-reporter.js'
import { logFollowed, reportStarted } from '../report/started-report.js'
import { failureSummary, notStartedSummary, writeSummary } from '../report/summaries.js'
import type { RunResult } from '../report/verdict.js'
import { runPreview } from '../preview/preview-runner.js'
import { postPrComment } from '../report/pr-comment.js'
import { rollbackReport } from '../deployment/rollback.js'
import { registerCredentialSecrets } from '../auth/credential-secrets.js'
import { registerSecureParameters } from '../template/secure-parameters.js'
import type { Settings } from '../settings/settings.js'
import { loadDeploymentContent } from '../template/deployment-content.js'
import { templateResourceCount } from '../template/resource-count.js'
import type { DeploymentContent } from '../template/types.js'

export interface ActionDeps {
  logger: Logger
  outputs: OutputSink
  state: StateStore
  summary: SummarySink
  masker: SecretMasker
  idTokens: IdTokenProvider
  clock: Clock
  /** Aborts the wait for the deployment (runner cancellation). */
  signal?: AbortSignal
  /** Once canceled: when the step exits whatever still hangs (epoch ms, real time). */
  hardStopAt?: () => number | undefined
}

/** Where the deployment stands once we follow it. */
interface Followed {
  started: StartedDeployment
  /** Epoch ms it started (now for one we started). */
  startedAt: number
  /** Its state when we took it up. */
  state: string
}

export async function runDeployment(settings: Settings, deps: ActionDeps): Promise<RunResult> {
  const { logger } = deps
  registerCredentialSecrets(settings.auth, deps.masker)
  if (settings.prComment) deps.masker.setSecret(settings.prComment.token)
  saveCancelOnAbort(deps.state, settings.cancelOnAbort)
  // Until the PUT, a cancel just stops: a Bicep build or a sign-in that keeps retrying must not
  // hold the step, and nothing needs cleaning up in Azure.
  const canceledBeforeStart = async (): Promise<RunResult> => {
    const message = `The run was canceled before deployment ${settings.name} was started; nothing was deployed.`
    await writeSummary(deps, notStartedSummary(settings.name, message))
    return { ok: false, message }
  }
  let content: DeploymentContent | undefined
  let session: ArmSession
  try {
    content =
      settings.operation !== 'attach' && settings.operation !== 'delete'
        ? await untilCanceled(
            logger.group('Template', () => loadDeploymentContent(settings.template, { logger })),
            deps.signal
          )
        : undefined
    if (content) registerSecureParameters(content, deps.masker)
    session = await untilCanceled(openArmSession(settings, deps), deps.signal)
  } catch (error) {
    if (error instanceof CanceledBeforeStart) return canceledBeforeStart()
    throw error
  }
  try {
    if (settings.stack) {
      // Loaded on demand (its own chunk): a plain deployment does not pay for the stacks SDK.
      const { runStack } = await import('./run-stack.js')
      return await runStack(settings, settings.stack, content, session, deps)
    }
    if (content && (settings.operation === 'validate' || settings.operation === 'whatIf')) {
      const { prComment } = settings
      return await runPreview(settings, content, session.clients, {
        ...deps,
        ...(prComment ? { comment: (md: string) => postPrComment(md, prComment, deps) } : {})
      })
    }
    if (deps.signal?.aborted) return await canceledBeforeStart()
    // Saved before the PUT: ARM may accept it even if this step is killed before the answer, and
    // the post step (cancel-on-abort) must still find it. The id follows from scope and name.
    const ref = {
      target: settings.scope,
      name: settings.name,
      id: deploymentId(settings.scope, settings.name)
    }
    saveDeployment(deps.state, ref)
    const scopeLabel = SCOPE_TABLE[settings.scope.type].label
    const followed = await withinGrace<Followed | undefined>(
      follow(settings, content, session.api, deps).catch((error: unknown) => {
        // ARM refused the PUT, or nothing to attach to: the post step has nothing to cancel.
        saveMainStepEnd(deps.state, 'NotStarted')
        throw error
      }),
      deps.signal,
      () => undefined
    )
    if (!followed) {
      // Canceled while the PUT (or the attach read) was in flight: cancel what ARM may have accepted.
      const started = { ref, portalUrl: portalLink(settings.cloud.portalUrl, ref.id) }
      const names = secureNames(settings, content)
      return await reportAborted(settings, started, deps.clock.now(), session, names, deps)
    }
    // Outside the collapsed start group: what an operator needs to find the deployment in Azure.
    logFollowed(followed.started, logger)
    if (followed.started.ref.id !== ref.id) {
      saveDeployment(deps.state, { id: followed.started.ref.id })
    }
    if (!settings.wait) {
      await reportStarted({ ...followed, scopeLabel, nameIsDefault: settings.nameIsDefault }, deps)
      saveMainStepEnd(deps.state, 'NotWaited')
      return { ok: true }
    }
    const expected = content?.template ? templateResourceCount(content.template) : undefined
    const outcome = await waitFor(settings, followed, session.api, deps, expected)
    const rollback = rollbackReport(outcome.deployment)
    if (rollback) logger.warning(rollback)
    if (outcome.kind === 'aborted') {
      return await reportAborted(
        settings,
        followed.started,
        followed.startedAt,
        session,
        secureNames(settings, content),
        deps,
        outcome
      )
    }
    saveMainStepEnd(deps.state, outcome.kind)
    return await reportOutcome(
      {
        started: followed.started,
        outcome,
        startedAt: followed.startedAt,
        tokenRefreshes: session.refresher.refreshCount,
        secureNames: secureNames(settings, content),
        scopeLabel,
        nameIsDefault: settings.nameIsDefault,
        context: summaryContext(settings)
      },
      { ...deps, now: () => deps.clock.now() }
    )
  } finally {
    session.close()
  }
}

const secureNames = (settings: Settings, content: DeploymentContent | undefined): string[] => [
  ...(content?.secureOutputNames ?? []),
  ...settings.maskedOutputs
]

/** Starts the deployment, or attaches to it (operation attach, or its name is already running). */
async function follow(
  settings: Settings,
  content: DeploymentContent | undefined,
  api: DeploymentApi,
  deps: ActionDeps
): Promise<Followed> {
  const attach = (why: string): Promise<AttachedDeployment> =>
    attachToDeployment(api, settings.scope, settings.name, {
      logger: deps.logger,
      portalUrl: settings.cloud.portalUrl,
      now: () => deps.clock.now(),
      why
    })
  const attached = (a: AttachedDeployment): Followed => ({
    started: a.started,
    startedAt: a.startedAt,
    state: a.deployment.properties?.provisioningState ?? 'Unknown'
  })
  try {
    if (!content) {
      return attached(
        await deps.logger.group(`Attach to deployment ${settings.name}`, () =>
          attach(`input '${Inputs.Operation}' is attach`)
        )
      )
    }
    const body = deploymentRequest(settings, content)
    return await deps.logger.group(`Start deployment ${settings.name}`, async () => {
      try {
        const started = await startDeployment(api, settings.scope, settings.name, body, {
          logger: deps.logger,
          portalUrl: settings.cloud.portalUrl
        })
        return { started, startedAt: deps.clock.now(), state: 'Accepted' }
      } catch (error) {
        if (!isDeploymentActive(error)) throw error
        // A re-run, a second job or a runner that died: follow that one instead of failing.
        deps.logger.info(
          `Deployment '${settings.name}' is already running in Azure (a re-run, another job, or a runner that stopped): waiting for it instead of starting it again. It runs the template it was started with.`
        )
        return attached(await attach('it was already running'))
      }
    })
  } catch (error) {
    // ARM refused the PUT (validation, quota, permissions) or there is nothing to attach to: still
    // say so in the summary.
    const text = error instanceof Error ? error.message : String(error)
    const what = content ? 'was not started' : 'could not be attached to'
    await writeSummary(deps, failureSummary(`Deployment ${settings.name} ${what}`, text))
    throw error
  }
}

function isDeploymentActive(error: unknown): boolean {
  return (
    error instanceof ArmCallError &&
    error.status === 409 &&
    error.detail?.code === 'DeploymentActive'
  )
}

function waitFor(
  settings: Settings,
  followed: Followed,
  api: DeploymentApi,
  deps: ActionDeps,
  expectedResources: number | undefined
): Promise<PollOutcome> {
  const { pollIntervalMs, timeoutMs } = settings.timing
  const startedAt = followed.startedAt
  const reporter = new ProgressReporter({
    logger: deps.logger,
    startedAt,
    now: () => deps.clock.now(),
    heartbeatMs: Math.min(5 * 60_000, 10 * pollIntervalMs),
    deploymentName: followed.started.ref.name,
    ...(expectedResources !== undefined ? { expectedResources } : {})
  })
  deps.logger.info(
    `Polling every ${formatDuration(pollIntervalMs)} for up to ${formatDuration(timeoutMs)}`
  )
  let last: PollSnapshot | undefined
  const polling = pollDeployment(followed.started.ref, {
    pollIntervalMs,
    // timeout counts from when this step took the deployment up, attached or started.
    deadline: deps.clock.now() + timeoutMs,
    api,
    clock: deps.clock,
    logger: deps.logger,
    onPoll: (snapshot) => {
      last = snapshot
      return reporter.report(snapshot)
    },
    ...(deps.signal ? { signal: deps.signal } : {})
  })
  // A poll in flight when the run is canceled may not hold up the step past the runner's deadline.
  return withinGrace(polling, deps.signal, () => ({
    kind: 'aborted',
    ...(last ? { deployment: last.deployment } : {}),
    tracker: last?.tracker ?? new OperationTracker()
  }))
}
