// `wait: false`: the deployment was started (or found running) and the step returns at once; the
// outputs and summary say what it is and how a later step or job waits for it.

import type { OutputSink, SummarySink, Logger } from '../runtime/ports.js'
import { Outputs } from '../runtime/names.js'
import type { StartedDeployment } from '../deployment/model.js'
import { attachHint } from './attach-hint.js'
import { startedSummary, writeSummary } from './summaries.js'

export async function reportStarted(
  input: {
    started: StartedDeployment
    state: string
    scopeLabel: string
    nameIsDefault: boolean
    /** What happened before it was started (another request ran the name). */
    notes?: string[]
  },
  deps: { outputs: OutputSink; summary: SummarySink; logger: Logger }
): Promise<void> {
  const { started, state } = input
  const name = started.ref.name
  deps.outputs.setOutput(Outputs.DeploymentId, started.ref.id)
  deps.outputs.setOutput(Outputs.DeploymentName, name)
  deps.outputs.setOutput(Outputs.ProvisioningState, state)
  deps.outputs.setOutput(Outputs.CorrelationId, started.correlationId ?? '')
  const hint = attachHint(started, input.nameIsDefault)
  deps.logger.info(
    `Not waiting for deployment ${name} (input 'wait' is false); it is ${state}. ${hint}`
  )
  await writeSummary(
    deps,
    startedSummary({
      name,
      state,
      scopeLabel: input.scopeLabel,
      portalUrl: started.portalUrl,
      deploymentId: started.ref.id,
      ...(started.correlationId ? { correlationId: started.correlationId } : {}),
      hint,
      ...(input.notes?.length ? { notes: input.notes } : {})
    })
  )
}

/** The deployment's id, correlation id and portal link, printed once it is followed. */
export function logFollowed(started: StartedDeployment, logger: Logger): void {
  logger.info(`Deployment ${started.ref.name}`)
  logger.info(`  id: ${started.ref.id}`)
  if (started.correlationId) logger.info(`  correlation id: ${started.correlationId}`)
  logger.info(`  portal: ${started.portalUrl}`)
}
