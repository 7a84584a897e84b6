// A stack's life in emulated time. Create/update: initializing → validating → deploying (a real
// deployment through the deployments API, so its operations and nested deployments are readable
// there) → deletingResources (when resources dropped from the template are to be deleted) →
// updatingDenyAssignments (when deny settings are on) → succeeded | failed | canceled.
// Delete: deleting → deletingResources → gone.
import type { ArmContext, ArmRequest } from '../types.js'
import type { DeploymentsApi } from '../arm/deployments-api.js'
import { provisioningMs } from '../arm/durations.js'
import type { ErrorDetail } from '../arm/errors.js'
import { key } from '../arm/scopes.js'
import type { DeploymentRecord, Store } from '../arm/store.js'
import { denyAssignmentError, denyingStack } from './deny.js'
import { parseResourceId } from './paths.js'
import type { ActionOnUnmanage } from './stack-request.js'
import type { StackRecord, StackState } from './stack-records.js'

/** Emulated durations of the stack's own phases (the deployment takes what its resources take). */
export const STACK_PHASE_MS = {
  initializing: 2_000,
  validating: 3_000,
  updatingDenyAssignments: 5_000,
  deleting: 2_000
} as const

export interface Unmanaged {
  deleted: string[]
  detached: string[]
}

export class StackRunner {
  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store,
    private readonly deployments: DeploymentsApi,
    private readonly stacks: () => Iterable<StackRecord>
  ) {}

  /** Runs a stack already stored in `initializing`; `deploy` is the deployment PUT to send. */
  start(stack: StackRecord, deploy: ArmRequest): void {
    this.after(stack, STACK_PHASE_MS.initializing, () => {
      this.set(stack, 'validating')
      this.after(stack, STACK_PHASE_MS.validating, () => this.deploy(stack, deploy))
    })
  }

  private deploy(stack: StackRecord, deploy: ArmRequest): void {
    const id = deploy.url.pathname
    const answer = this.deployments.handle(
      { scope: stack.deploymentScope, action: 'deployment', name: id.split('/').pop() ?? '' },
      deploy
    )
    const record = this.store.deployments.get(key(id))
    if (answer.status >= 300 || !record) {
      this.finish(stack, 'failed', (answer.body as { error?: ErrorDetail } | undefined)?.error)
      return
    }
    this.set(stack, 'deploying')
    stack.deploymentId = record.id
    stack.deployment = record
    record.onFinish.push((d) => this.deployed(stack, d))
  }

  private deployed(stack: StackRecord, d: DeploymentRecord): void {
    const deployed = d.outputResources.filter((id) => this.exists(id))
    const wanted = new Set(deployed.map(key))
    if (d.state !== 'Succeeded') {
      // What did deploy stays managed; nothing is unmanaged after a failed or canceled deployment.
      this.manage(stack, [
        ...stack.resources.map((m) => m.id).filter((id) => !wanted.has(key(id))),
        ...deployed
      ])
      this.finish(stack, d.state === 'Failed' ? 'failed' : 'canceled', d.error)
      return
    }
    stack.outputs = Object.fromEntries(
      Object.entries(d.outputs ?? {}).filter(([, o]) => !/^secure/i.test(o.type))
    )
    const dropped = stack.resources.map((m) => m.id).filter((id) => !wanted.has(key(id)))
    this.manage(stack, deployed)
    this.unmanage(stack, dropped, stack.request.actionOnUnmanage, () => {
      if (stack.request.denySettings.mode === 'none') return this.settle(stack)
      this.set(stack, 'updatingDenyAssignments')
      this.after(stack, STACK_PHASE_MS.updatingDenyAssignments, () => this.settle(stack))
    })
  }

  /** Succeeded, unless a resource could not be deleted. */
  private settle(stack: StackRecord): void {
    if (stack.failedResources.length === 0) return this.finish(stack, 'succeeded')
    this.finish(stack, 'failed', {
      code: 'DeploymentStackDeleteResourcesFailed',
      message: `One or more resources could not be deleted. Correlation id: '${stack.correlationId}'.`,
      details: stack.failedResources.map((f) => ({ ...f.error, target: f.id }))
    })
  }

  /**
   * Detaches or deletes resources the stack no longer manages, per the unmanage actions. Deletes
   * take as long as the slowest resource's provisioning time (emulated, scenario-adjustable).
   */
  unmanage(stack: StackRecord, ids: string[], actions: ActionOnUnmanage, then: () => void): void {
    const toDelete = ids.filter((id) => actionFor(id, actions) === 'delete')
    stack.detachedResources = ids.filter((id) => actionFor(id, actions) === 'detach')
    stack.deletedResources = []
    stack.failedResources = []
    if (toDelete.length === 0) {
      this.release(stack)
      return then()
    }
    this.set(stack, 'deletingResources')
    const ms = Math.max(...toDelete.map((id) => this.deleteMs(id)))
    this.after(stack, ms, () => {
      // Resource groups last, so what they contain is reported on its own first.
      const ordered = [...toDelete].sort((a, b) => Number(isGroup(a)) - Number(isGroup(b)))
      for (const id of ordered) {
        const type = typeOf(id)
        const denied = denyingStack(this.stacks(), id, type, 'delete', undefined, stack)
        if (denied) {
          stack.failedResources.push({
            id,
            error: denyAssignmentError(denied, id, type, 'delete', stack.id).detail
          })
          continue
        }
        this.remove(id)
        stack.deletedResources.push(id)
      }
      this.release(stack)
      then()
    })
  }

  /**
   * Detached and deleted resources leave the stack's list; one that failed to delete stays in it
   * (once), marked deleteFailed, since the stack still manages it.
   */
  private release(stack: StackRecord): void {
    const gone = new Set([...stack.detachedResources, ...stack.deletedResources].map(key))
    const failed = new Set(stack.failedResources.map((f) => key(f.id)))
    stack.resources = stack.resources.filter((m) => !gone.has(key(m.id)) && !failed.has(key(m.id)))
    for (const f of stack.failedResources)
      stack.resources.push({ id: f.id, status: 'deleteFailed', denyStatus: 'none' })
  }

  /** Removes a resource (a resource group with everything in it) from the emulated Azure. */
  remove(id: string): void {
    const prefix = `${key(id)}/`
    for (const k of [...this.store.resources.keys()])
      if (k === key(id) || k.startsWith(prefix)) this.store.resources.delete(k)
    if (isGroup(id)) this.store.groups.delete(key(id))
  }

  exists(id: string): boolean {
    return this.store.resources.has(key(id)) || this.store.groups.has(key(id))
  }

  deleteMs(id: string): number {
    const name = id.split('/').pop() ?? ''
    return provisioningMs(this.ctx.scenario, name, typeOf(id))
  }

  private manage(stack: StackRecord, ids: string[]): void {
    const mode = stack.request.denySettings.mode
    const seen = new Set<string>()
    stack.resources = ids
      .filter((id) => !seen.has(key(id)) && seen.add(key(id)))
      .map((id) => ({ id, status: 'managed', denyStatus: mode }))
  }

  finish(stack: StackRecord, state: StackState, error?: ErrorDetail): void {
    this.cancelTimers(stack)
    stack.state = state
    stack.error = error
    stack.endedAt = this.ctx.clock.now()
  }

  set(stack: StackRecord, state: StackState): void {
    stack.state = state
  }

  after(stack: StackRecord, emulatedMs: number, fn: () => void): void {
    const cancel = this.ctx.clock.after(emulatedMs, () => {
      stack.timers.delete(cancel)
      fn()
    })
    stack.timers.add(cancel)
  }

  cancelTimers(stack: StackRecord): void {
    for (const cancel of stack.timers) cancel()
    stack.timers.clear()
  }
}

const isGroup = (id: string) => /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(id)
const isManagementGroup = (id: string) =>
  /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/i.test(id)

function typeOf(id: string): string {
  if (isGroup(id)) return 'Microsoft.Resources/resourceGroups'
  if (isManagementGroup(id)) return 'Microsoft.Management/managementGroups'
  return parseResourceId(id)?.type ?? 'Microsoft.Resources/resources'
}

/** Which unmanage action applies to a resource: its own for groups, `resources` for the rest. */
export function actionFor(id: string, actions: ActionOnUnmanage): 'delete' | 'detach' {
  if (isGroup(id)) return actions.resourceGroups ?? 'detach'
  if (isManagementGroup(id)) return actions.managementGroups ?? 'detach'
  return actions.resources
}
