// Starts the stack's PUT or DELETE and returns as soon as ARM accepts it, or attaches to the stack
// by name (operation attach, or a PUT answered 409 DeploymentStackInNonTerminalState): from here
// on it is followed and reported the same way whichever it was.

import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import type { Logger } from '../runtime/ports.js'
import { ArmCallError, statusOf, toArmCallError } from '../azure/arm-error.js'
import { SCOPE_TABLE } from '../azure/scope.js'
import { formatDuration } from '../duration.js'
import { Inputs } from '../runtime/names.js'
import type { StackSettings } from '../settings/settings.js'
import { stackPortalLink, type StackApi, type StackRef } from './stack-api.js'
import { isStackTerminal } from './stack-poller.js'

export interface FollowedStack {
  ref: StackRef
  portalUrl: string
  /** Epoch ms it started (now for one we started). */
  startedAt: number
  /** Its state when we took it up. */
  state: string
  /** The stack as read before a delete or on attach. */
  stack?: DeploymentStack
  /** operation delete: there was no such stack, so nothing was deleted. */
  absent?: boolean
}

interface StarterDeps {
  logger: Logger
  portalUrl: string
  now: () => number
}

/** 409 DeploymentStackInNonTerminalState: the stack is being deployed or deleted already. */
export function isStackBusy(error: unknown): boolean {
  return (
    error instanceof ArmCallError &&
    error.status === 409 &&
    error.detail?.code === 'DeploymentStackInNonTerminalState'
  )
}

function accepted(ref: StackRef, what: string, status: number | undefined, deps: StarterDeps) {
  const portalUrl = stackPortalLink(deps.portalUrl, ref.id)
  deps.logger.info(
    `Deployment stack '${ref.name}' ${what} accepted by Azure (HTTP ${status ?? '?'})`
  )
  deps.logger.info(`  id: ${ref.id}`)
  deps.logger.info(`  portal: ${portalUrl}`)
  return portalUrl
}

export async function startStack(
  api: StackApi,
  ref: StackRef,
  body: DeploymentStack,
  deps: StarterDeps
): Promise<FollowedStack> {
  const label = SCOPE_TABLE[ref.target.type].label
  let status: number | undefined
  try {
    await api.create(ref.target, ref.name, body, {
      onResponse: (r) => (status ??= r.status)
    })
  } catch (error) {
    throw toArmCallError(`Starting deployment stack '${ref.name}' at ${label} scope`, error)
  }
  const portalUrl = accepted(ref, 'update', status, deps)
  return { ref, portalUrl, startedAt: deps.now(), state: 'initializing' }
}

/** Reads the stack (for the summary), then sends the DELETE with the unmanage actions. */
export async function deleteStack(
  api: StackApi,
  ref: StackRef,
  stack: StackSettings,
  deps: StarterDeps
): Promise<FollowedStack> {
  let before: DeploymentStack
  try {
    before = await api.get(ref.target, ref.name)
  } catch (error) {
    if (statusOf(error) !== 404)
      throw toArmCallError(`Reading deployment stack '${ref.name}'`, error)
    deps.logger.info(`There is no deployment stack '${ref.name}' (${ref.id}): nothing to delete.`)
    return {
      ref,
      portalUrl: stackPortalLink(deps.portalUrl, ref.id),
      startedAt: deps.now(),
      state: 'deleted',
      absent: true
    }
  }
  const { resources, resourceGroups, managementGroups } = stack.actionOnUnmanage
  let status: number | undefined
  try {
    await api.delete(ref.target, ref.name, {
      unmanageActionResources: resources,
      ...(resourceGroups ? { unmanageActionResourceGroups: resourceGroups } : {}),
      ...(managementGroups ? { unmanageActionManagementGroups: managementGroups } : {}),
      ...(stack.bypassStackOutOfSyncError ? { bypassStackOutOfSyncError: true } : {}),
      onResponse: (r) => (status ??= r.status)
    })
  } catch (error) {
    throw toArmCallError(`Deleting deployment stack '${ref.name}'`, error)
  }
  const portalUrl = accepted(ref, 'delete', status, deps)
  return { ref, portalUrl, startedAt: deps.now(), state: 'deleting', stack: before }
}

export async function attachToStack(
  api: StackApi,
  ref: StackRef,
  why: string,
  deps: StarterDeps
): Promise<FollowedStack> {
  let stack: DeploymentStack
  try {
    stack = await api.get(ref.target, ref.name)
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new Error(
        `There is no deployment stack '${ref.name}' at ${SCOPE_TABLE[ref.target.type].label} scope (${ref.id}) to attach to: check the inputs '${Inputs.Name}' and the scope inputs.`,
        { cause: error }
      )
    }
    throw toArmCallError(`Reading deployment stack '${ref.name}' to attach to it`, error)
  }
  const state = stack.properties?.provisioningState ?? 'unknown'
  const now = deps.now()
  // A stack says when it was last changed; a running one started about then.
  const modified = stack.systemData?.lastModifiedAt?.getTime()
  const startedAt =
    modified !== undefined && Number.isFinite(modified) && !isStackTerminal(state)
      ? Math.min(now, modified)
      : now
  const portalUrl = stackPortalLink(deps.portalUrl, stack.id ?? ref.id)
  deps.logger.info(
    `Attached to deployment stack '${ref.name}' (${why}): ${state}, started ${formatDuration(now - startedAt)} ago`
  )
  deps.logger.info(`  id: ${stack.id ?? ref.id}`)
  deps.logger.info(`  portal: ${portalUrl}`)
  return { ref, portalUrl, startedAt, state, stack }
}
