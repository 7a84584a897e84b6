// What the emulator keeps about a deployment stack, and the DeploymentStack body (OpenAPI
// 2025-07-01) it answers with.
import { ArmError, type ErrorDetail } from '../arm/errors.js'
import type { Scope } from '../arm/scopes.js'
import { isoDuration } from '../arm/serialize.js'
import type { DeploymentRecord } from '../arm/store.js'
import type { StackRequest } from './stack-request.js'

/** DeploymentStackProvisioningState values the emulator goes through. */
export type StackState =
  | 'initializing'
  | 'validating'
  | 'deploying'
  | 'deletingResources'
  | 'updatingDenyAssignments'
  | 'deleting'
  | 'succeeded'
  | 'failed'
  | 'canceled'

export const TERMINAL_STATES: ReadonlySet<StackState> = new Set(['succeeded', 'failed', 'canceled'])

export interface ManagedResource {
  id: string
  status: 'managed' | 'removeDenyFailed' | 'deleteFailed'
  denyStatus: string
}

export interface StackRecord {
  id: string
  name: string
  scope: Scope
  /** Where the underlying deployment runs (the stack's scope or the body's deploymentScope). */
  deploymentScope: Scope
  request: StackRequest
  state: StackState
  correlationId: string
  /** Object id of who created it and who changed it last (systemData). */
  createdBy: string
  createdAt: number
  modifiedBy: string
  modifiedAt: number
  startedAt: number
  endedAt?: number
  asyncOperationId: string
  /** Name (a GUID) of the deny assignment the stack puts on its resources. */
  denyAssignmentId: string
  deploymentId?: string
  deployment?: DeploymentRecord
  resources: ManagedResource[]
  detachedResources: string[]
  deletedResources: string[]
  failedResources: Array<{ id: string; error: ErrorDetail }>
  outputs?: Record<string, unknown>
  error?: ErrorDetail
  /** Cancels the pending timers of the running phase. */
  timers: Set<() => void>
}

const ref = (id: string) => ({ id })

export function stackBody(stack: StackRecord, now: number): Record<string, unknown> {
  const r = stack.request
  const properties: Record<string, unknown> = {
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.templateLink ? { templateLink: r.templateLink } : {}),
    ...(r.parameters ? { parameters: echoParameters(r) } : {}),
    ...(r.parametersLink ? { parametersLink: r.parametersLink } : {}),
    actionOnUnmanage: r.actionOnUnmanage,
    denySettings: r.denySettings,
    ...(r.deploymentScope ? { deploymentScope: r.deploymentScope } : {}),
    ...(r.debugSetting ? { debugSetting: r.debugSetting } : {}),
    ...(r.bypassStackOutOfSyncError !== undefined
      ? { bypassStackOutOfSyncError: r.bypassStackOutOfSyncError }
      : {}),
    ...(r.validationLevel ? { validationLevel: r.validationLevel } : {}),
    provisioningState: stack.state,
    correlationId: stack.correlationId,
    ...(stack.deploymentId ? { deploymentId: stack.deploymentId } : {}),
    resources: stack.resources.map((m) => ({
      id: m.id,
      status: m.status,
      denyStatus: m.denyStatus
    })),
    detachedResources: stack.detachedResources.map(ref),
    deletedResources: stack.deletedResources.map(ref),
    failedResources: stack.failedResources.map((f) => ({ id: f.id, error: f.error })),
    ...(stack.outputs ? { outputs: stack.outputs } : {}),
    duration: isoDuration((stack.endedAt ?? now) - stack.startedAt),
    ...(stack.error ? { error: stack.error } : {})
  }
  return {
    id: stack.id,
    name: stack.name,
    type: 'Microsoft.Resources/deploymentStacks',
    ...(r.location ? { location: r.location } : {}),
    ...(r.tags ? { tags: r.tags } : {}),
    systemData: {
      createdBy: stack.createdBy,
      createdByType: 'Application',
      createdAt: new Date(stack.createdAt).toISOString(),
      lastModifiedBy: stack.modifiedBy,
      lastModifiedByType: 'Application',
      lastModifiedAt: new Date(stack.modifiedAt).toISOString()
    },
    properties
  }
}

/** Parameters as given; a secure parameter shows only its type, a KeyVault reference stays one. */
function echoParameters(r: StackRequest): Record<string, unknown> {
  const defs = (r.template?.parameters ?? {}) as Record<string, { type?: string }>
  const secureType = (name: string) => {
    const type = Object.entries(defs).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
      .type
    if (!/^secure/i.test(String(type ?? ''))) return undefined
    return /object$/i.test(String(type)) ? 'SecureObject' : 'SecureString'
  }
  return Object.fromEntries(
    Object.entries(r.parameters ?? {}).map(([name, p]): [string, unknown] => {
      const secure = secureType(name)
      if (p.reference !== undefined) return [name, { reference: p.reference }]
      return [name, secure ? { type: secure } : { value: p.value }]
    })
  )
}

/** The stack's state as an Azure-AsyncOperation status document spells it. */
export function asyncStatus(state: StackState): string {
  if (state === 'succeeded') return 'Succeeded'
  if (state === 'failed') return 'Failed'
  if (state === 'canceled') return 'Canceled'
  return 'Running'
}

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** 409 DeploymentStackInNonTerminalState: a PUT or DELETE while the stack is still running. */
export function nonTerminal(stack: StackRecord, verb: 'deployed' | 'deleted'): ArmError {
  return new ArmError(
    409,
    'DeploymentStackInNonTerminalState',
    `The deployment stack '${stack.name}' could not be ${verb} as it is currently in a non-terminal state '${title(stack.state)}'.`
  )
}
