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
import { waitFor } from './wait-for-deployment.js'
import {
  decideOnActive,
  isDeploymentActive,
  waitForOther,
  type ActiveDecision
} from './active-deployment.js'
import { openArmSession, type ArmSession } from './arm-session.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { deploymentId, portalLink, SCOPE_TABLE } from '../azure/scope.js'
import { CanceledBeforeStart, untilCanceled, withinGrace } from './cancellation.js'
import { Inputs } from '../runtime/names.js'
import { saveCancelOnAbort, saveDeployment, saveMainStepEnd } from '../runtime/step-state.js'
import { attachToDeployment, type AttachedDeployment } from '../deployment/deployment-attacher.js'
import { deploymentRequest } from '../deployment/deployment-request.js'
import { startDeployment } from '../deployment/deployment-starter.js'
import type { StartedDeployment } from '../deployment/model.js'
import { reportOutcome } from '../report/outcome-report.js'
import { summaryContext } from '../report/summary-context.js'
import { logFollowed, reportStarted } from '../report/started-report.js'
import { failureSummary, notStartedSummary, writeSummary } from '../report/summaries.js'
import type { RunResult } from '../report/verdict.js'
import { postPrComment } from '../report/pr-comment.js'
import { rollbackReport } from '../deployment/rollback.js'
import { registerCredentialSecrets } from '../auth/credential-secrets.js'
import { registerSecureParameters } from '../template/secure-parameters.js'
import type { Settings } from '../settings/settings.js'
import { loadDeploymentContent } from '../template/deployment-content.js'
import { checkContent } from '../template/content-checks.js'
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
  /** Epoch ms the wait ends, when this step waited for another request's deployment first. */
  deadline?: number
  /** What happened on the way (another request was running the name), for the summary. */
  notes: string[]
}

/** One PUT: started, or the name is running (what to do about it). */
type StartStep = { started: StartedDeployment } | { active: ActiveDecision }

/** Set while this run waits for another request's deployment: a cancel then cancels nothing. */
interface FollowProgress {
  waitingForOther: boolean
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
      settings.operation !== 'attach'
        ? await untilCanceled(
            logger.group('Template', () => loadAndCheck(settings, logger)),
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
    if (content && (settings.operation === 'validate' || settings.operation === 'whatIf')) {
      // Loaded on demand: validate, what-if and its rendering are for preview runs only.
      const { runPreview } = await import('../preview/preview-runner.js')
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
    const progress: FollowProgress = { waitingForOther: false }
    let followed: Followed | undefined
    try {
      followed = await withinGrace<Followed | undefined>(
        follow(settings, content, session.api, deps, progress).catch((error: unknown) => {
          // ARM refused the PUT, or nothing to attach to: the post step has nothing to cancel.
          saveMainStepEnd(deps.state, 'NotStarted')
          throw error
        }),
        deps.signal,
        () => undefined
      )
    } catch (error) {
      if (error instanceof CanceledBeforeStart) return await canceledBeforeStart()
      throw error
    }
    // Canceled while waiting for another request's deployment: that one is not ours to cancel.
    if (!followed && progress.waitingForOther) return await canceledBeforeStart()
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
        notes: followed.notes,
        context: summaryContext(settings)
      },
      { ...deps, now: () => deps.clock.now() }
    )
  } finally {
    session.close()
  }
}

/** The template and parameters, checked against the inputs that depend on them. */
async function loadAndCheck(settings: Settings, logger: Logger): Promise<DeploymentContent> {
  const content = await loadDeploymentContent(settings.template, { logger })
  const { type } = settings.scope
  checkContent(
    content,
    {
      maskedOutputs: settings.maskedOutputs,
      scope: type,
      templateSchema: SCOPE_TABLE[type].templateSchema
    },
    logger
  )
  return content
}

const secureNames = (settings: Settings, content: DeploymentContent | undefined): string[] => [
  ...(content?.secureOutputNames ?? []),
  ...settings.maskedOutputs
]

/**
 * Starts the deployment, or attaches to it (operation attach, or its name is already running this
 * request); another request running the name is handled by flow/active-deployment.ts.
 */
async function follow(
  settings: Settings,
  content: DeploymentContent | undefined,
  api: DeploymentApi,
  deps: ActionDeps,
  progress: FollowProgress
): Promise<Followed> {
  // `timeout` covers waiting for another request's deployment and then for this run's.
  const deadline = deps.clock.now() + settings.timing.timeoutMs
  const notes: string[] = []
  let waited = false
  const attached = (a: AttachedDeployment): Followed => ({
    started: a.started,
    startedAt: a.startedAt,
    state: a.deployment.properties?.provisioningState ?? 'Unknown',
    ...(waited ? { deadline } : {}),
    notes
  })
  try {
    if (!content) {
      return attached(
        await deps.logger.group(`Attach to deployment ${settings.name}`, () =>
          attachToDeployment(api, settings.scope, settings.name, {
            logger: deps.logger,
            portalUrl: settings.cloud.portalUrl,
            now: () => deps.clock.now(),
            why: `input '${Inputs.Operation}' is attach`
          })
        )
      )
    }
    const body = deploymentRequest(settings, content)
    for (;;) {
      const step = await deps.logger.group<StartStep>(
        `Start deployment ${settings.name}`,
        async () => {
          try {
            const started = await startDeployment(api, settings.scope, settings.name, body, {
              logger: deps.logger,
              portalUrl: settings.cloud.portalUrl
            })
            return { started }
          } catch (error) {
            if (!isDeploymentActive(error)) throw error
            return { active: await decideOnActive(settings, body, api, deps) }
          }
        }
      )
      if ('started' in step) {
        const startedAt = deps.clock.now()
        const state = 'Accepted'
        return { started: step.started, startedAt, state, ...(waited ? { deadline } : {}), notes }
      }
      if (step.active.kind === 'attach') {
        notes.push(step.active.note)
        return attached(step.active.attached)
      }
      // Outside the group: the progress lines of a long wait stay in sight.
      progress.waitingForOther = true
      notes.push(await waitForOther(settings, step.active, deadline, api, deps))
      progress.waitingForOther = false
      waited = true
    }
  } catch (error) {
    if (error instanceof CanceledBeforeStart) throw error
    // ARM refused the PUT (validation, quota, permissions), there is nothing to attach to, or
    // another request holds the name: still say so in the summary.
    const text = error instanceof Error ? error.message : String(error)
    const what = content ? 'was not started' : 'could not be attached to'
    await writeSummary(deps, failureSummary(`Deployment ${settings.name} ${what}`, text))
    throw error
  }
}
