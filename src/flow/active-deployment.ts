// A PUT answered 409 DeploymentActive: the name is running. This run's own request (a re-run after
// the runner died) is followed; another request under the same fixed name is waited out and this
// run's template deployed after it, or followed, or refused, as `on-active-deployment` says.

import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { Clock, Logger, StateStore } from '../runtime/ports.js'
import { ArmCallError, statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import type { DeploymentBody } from '../azure/scope.js'
import { Inputs } from '../runtime/names.js'
import { reopenMainStep, saveMainStepEnd } from '../runtime/step-state.js'
import { compareWithRunning } from '../deployment/active-deployment.js'
import { attachToDeployment, type AttachedDeployment } from '../deployment/deployment-attacher.js'
import { waitForDeploymentEnd } from '../deployment/deployment-end-wait.js'
import { isTerminal } from '../deployment/operation-tracker.js'
import { formatDuration } from '../duration.js'
import type { Settings } from '../settings/settings.js'
import { CanceledBeforeStart } from './cancellation.js'

export interface ActiveDeps {
  logger: Logger
  clock: Clock
  state: StateStore
  signal?: AbortSignal
}

/** What to do about the running deployment. */
export type ActiveDecision =
  | { kind: 'attach'; attached: AttachedDeployment; note: string }
  /** Wait for it to end (`ended`: it already has, between the PUT and the read), then PUT again. */
  | { kind: 'wait'; correlationId?: string; reason: string; ended?: boolean }

export function isDeploymentActive(error: unknown): boolean {
  return (
    error instanceof ArmCallError &&
    error.status === 409 &&
    error.detail?.code === 'DeploymentActive'
  )
}

export async function decideOnActive(
  settings: Settings,
  body: DeploymentBody,
  api: DeploymentApi,
  deps: ActiveDeps
): Promise<ActiveDecision> {
  const { scope, name } = settings
  const running = await readRunning(api, settings)
  const state = running?.properties?.provisioningState
  // It ended (or went) between the PUT and this read: the name is free after a short wait.
  if (!running || isTerminal(state))
    return { kind: 'wait', reason: 'it has just ended', ended: true }
  const correlationId = running.properties?.correlationId
  const templateHash = await ownTemplateHash(settings, body, api, deps.logger)
  const comparison = compareWithRunning(running, {
    nameIsDefault: settings.nameIsDefault,
    properties: body.properties,
    ...(templateHash ? { templateHash } : {})
  })
  const attach = async (why: string) =>
    attachToDeployment(api, scope, name, {
      logger: deps.logger,
      portalUrl: settings.cloud.portalUrl,
      now: () => deps.clock.now(),
      why,
      known: running
    })
  if (comparison.same) {
    deps.logger.info(
      `Deployment '${name}' is already running in Azure for this same request (${comparison.reason}): following it instead of starting it again.`
    )
    return {
      kind: 'attach',
      attached: await attach('it was already running this request'),
      note: `Deployment ${name} was already running this same request (${comparison.reason}); this run followed it instead of starting it again.`
    }
  }
  const other = `Deployment '${name}' is already running in Azure for another request (correlation id ${correlationId ?? 'unknown'}, ${state ?? 'Unknown'}): ${comparison.reason}.`
  switch (settings.onActiveDeployment) {
    case 'attach':
      deps.logger.warning(
        `${other} Input '${Inputs.OnActiveDeployment}' is attach: following it and reporting its result as this run's; this run's own template is not deployed.`
      )
      return {
        kind: 'attach',
        attached: await attach(`input '${Inputs.OnActiveDeployment}' is attach`),
        note: `Deployment ${name} was already running another request (correlation id ${correlationId ?? 'unknown'}: ${comparison.reason}); as input \`${Inputs.OnActiveDeployment}\` is attach, this run reports that deployment's result and did not deploy its own template.`
      }
    case 'fail':
      throw new Error(
        `${other} Input '${Inputs.OnActiveDeployment}' is fail: this run's template was not deployed. Run it again once that deployment has ended, or set '${Inputs.OnActiveDeployment}: wait' to wait for it.`
      )
    case 'wait':
      deps.logger.info(
        `${other} Waiting for it to end, then starting this run's own deployment (input '${Inputs.OnActiveDeployment}' is wait).`
      )
      return {
        kind: 'wait',
        ...(correlationId ? { correlationId } : {}),
        reason: comparison.reason
      }
  }
}

/**
 * Waits until the other request's deployment has ended, within `deadline`; returns the summary's
 * note. Meanwhile the post step must not cancel it (cancel-on-abort is about this run's own).
 */
export async function waitForOther(
  settings: Settings,
  decision: Extract<ActiveDecision, { kind: 'wait' }>,
  deadline: number,
  api: DeploymentApi,
  deps: ActiveDeps
): Promise<string> {
  const { name } = settings
  saveMainStepEnd(deps.state, 'NotStarted')
  const end = await waitForDeploymentEnd(settings.scope, name, {
    pollIntervalMs: settings.timing.pollIntervalMs,
    deadline,
    api,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.signal ? { signal: deps.signal } : {})
  })
  const waited = formatDuration(end.waitedMs)
  const who = `correlation id ${decision.correlationId ?? 'unknown'}`
  if (end.kind === 'aborted') throw new CanceledBeforeStart('canceled')
  if (end.kind === 'timeout') {
    throw new Error(
      `Gave up after ${waited} waiting for deployment '${name}' of another request (${who}) to end (input '${Inputs.Timeout}'); this run's template was not deployed. It is still ${end.state ?? 'running'} in Azure.`
    )
  }
  // A run following that deployment gets one poll interval to read how it ended: once this run's
  // PUT takes the name, that result is gone from ARM.
  const pause = Math.min(settings.timing.pollIntervalMs, Math.max(0, deadline - deps.clock.now()))
  try {
    await deps.clock.sleep(pause, deps.signal)
  } catch {
    throw new CanceledBeforeStart('canceled')
  }
  if (deps.signal?.aborted) throw new CanceledBeforeStart('canceled')
  reopenMainStep(deps.state)
  deps.logger.info(`Starting this run's own deployment '${name}'.`)
  return decision.ended
    ? `Deployment ${name} was ending another request when this run started; this run waited ${waited}, then started its own.`
    : `Deployment ${name} was running another request (${who}: ${decision.reason}); this run waited ${waited} for it to end${end.state ? ` (${end.state})` : ''}, then started its own.`
}

async function readRunning(
  api: DeploymentApi,
  settings: Settings
): Promise<DeploymentExtended | undefined> {
  try {
    return await api.get(settings.scope, settings.name)
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw toArmCallError(`Reading running deployment '${settings.name}'`, error)
  }
}

/** ARM's hash of this run's template; undefined when linked, by a default name, or on failure. */
async function ownTemplateHash(
  settings: Settings,
  body: DeploymentBody,
  api: DeploymentApi,
  logger: Logger
): Promise<string | undefined> {
  const template = body.properties.template as unknown
  if (settings.nameIsDefault || !template || !api.templateHash) return undefined
  try {
    return await api.templateHash(settings.scope, template)
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    logger.info(`Could not have Azure calculate the template's hash: ${message}`)
    return undefined
  }
}
