// A run canceled after the PUT (or the attach read): cancel the deployment in Azure when
// cancel-on-abort asks for it, record for the post step whether it still has to, and report.

import type {
  Clock,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from '../runtime/ports.js'
import type { ArmSession } from './arm-session.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { SCOPE_TABLE } from '../azure/scope.js'
import { cancelOnAbort, cancelWaitMs } from './cancellation.js'
import { saveMainStepEnd } from '../runtime/step-state.js'
import type { PollOutcome } from '../deployment/model.js'
import type { StartedDeployment } from '../deployment/model.js'
import { OperationTracker } from '../deployment/operation-tracker.js'
import { reportOutcome } from '../report/outcome-report.js'
import { describeScope } from '../report/summary-context.js'
import type { RunResult } from '../report/verdict.js'
import type { Settings } from '../settings/settings.js'

export interface AbortedRunDeps {
  logger: Logger
  outputs: OutputSink
  masker: SecretMasker
  summary: SummarySink
  state: StateStore
  clock: Clock
  /** Once canceled: when the step exits whatever still hangs (epoch ms, real time). */
  hardStopAt?: () => number | undefined
}

/** The run was canceled while following the deployment (or starting it): cancel-on-abort, report. */
export async function reportAborted(
  settings: Pick<Settings, 'cancelOnAbort' | 'scope' | 'nameIsDefault'>,
  started: StartedDeployment,
  startedAt: number,
  session: { api: DeploymentApi; refresher: Pick<ArmSession['refresher'], 'refreshCount'> },
  /** Output names to mask: the template's secure outputs and `masked-outputs`. */
  secureNames: string[],
  deps: AbortedRunDeps,
  outcome: PollOutcome = { kind: 'aborted', tracker: new OperationTracker() }
): Promise<RunResult> {
  const cancel = await cancelOnAbort(
    settings.cancelOnAbort,
    started.ref,
    session.api,
    deps.logger,
    cancelWaitMs(Date.now(), deps.hardStopAt?.())
  )
  // The post step cancels only what the main step was asked to cancel and could not.
  if (!(cancel && !cancel.canceled)) saveMainStepEnd(deps.state, outcome.kind)
  return reportOutcome(
    {
      started,
      outcome: cancel?.deployment ? { ...outcome, deployment: cancel.deployment } : outcome,
      startedAt,
      tokenRefreshes: session.refresher.refreshCount,
      secureNames,
      scopeLabel: SCOPE_TABLE[settings.scope.type].label,
      nameIsDefault: settings.nameIsDefault,
      context: { scopeDetail: describeScope(settings.scope) },
      ...(cancel
        ? {
            cancellation: {
              canceled: cancel.canceled,
              ...(cancel.error ? { error: cancel.error } : {}),
              ...(cancel.notFound ? { notFound: true } : {})
            }
          }
        : {})
    },
    { ...deps, now: () => deps.clock.now() }
  )
}
