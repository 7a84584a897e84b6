// Runs a deployment in emulated time: Accepted → Running, resources as operations in dependsOn
// order (independent ones in parallel), nested deployments as real child deployments, scenario
// failures and never-ending resources, complete-mode cleanup, outputs, cancellation.
import type { ArmContext } from '../types.js'
import type { ErrorDetail } from './errors.js'
import type { EvalContext } from './expressions.js'
import { neverEnds, provisioningMs, scenarioFailure } from './durations.js'
import { Evaluator } from './evaluation.js'
import { LinkedContent } from './linked-content.js'
import { childRequest } from './nested-deployment.js'
import { checkParameters } from './parameters.js'
import {
  newRecord,
  onErrorOutcome,
  settle,
  target,
  toDetail,
  type NewDeployment
} from './records.js'
import { readExisting } from './existing-resources.js'
import { writeResource } from './resource-writer.js'
import { evaluateOutputs } from './template-outputs.js'
import { key } from './scopes.js'
import type { DeploymentRecord, IdSource, OperationRecord, Store } from './store.js'
import {
  dependencyMatches,
  DEPLOYMENTS_TYPE,
  planResources,
  type PlannedResource
} from './resource-plan.js'

const ACCEPTED_MS = 2_000
const CLEANUP_MS = 5_000

export class Simulator {
  readonly evaluator: Evaluator
  /** templateLink / parametersLink content (PUT bodies and nested deployments). */
  readonly links: LinkedContent

  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store,
    private readonly ids: IdSource
  ) {
    this.evaluator = new Evaluator(ctx, store)
    this.links = new LinkedContent(ctx, store)
  }

  /** Stores a new deployment record in Accepted state (PUT and nested deployments). */
  create(fields: NewDeployment): DeploymentRecord {
    const record = newRecord(fields, this.ctx.clock.now())
    this.store.deployments.set(key(record.id), record)
    return record
  }

  /** Starts a deployment already stored as Accepted; `outer` for nested templates in the parent's scope. */
  start(record: DeploymentRecord, outer?: EvalContext): void {
    this.schedule(record, ACCEPTED_MS, () => {
      record.state = 'Running'
      let plan: PlannedResource[]
      let evalCtx: EvalContext
      try {
        evalCtx = this.evaluator.evalContext(record, outer)
        plan = planResources(record.request.template, evalCtx)
      } catch (error) {
        this.finish(record, toDetail(error))
        return
      }
      record.dependencies = plan
        .filter((r) => r.dependsOn.length > 0)
        .map((r) => ({
          id: r.id,
          resourceType: r.type,
          resourceName: r.name,
          dependsOn: plan
            .filter((d) => r.dependsOn.some((dep) => dependencyMatches(dep, d)))
            .map((d) => ({ id: d.id, resourceType: d.type, resourceName: d.name }))
        }))
      this.runPlan(record, plan, evalCtx)
    })
  }

  private runPlan(record: DeploymentRecord, plan: PlannedResource[], evalCtx: EvalContext): void {
    const state = new Map<PlannedResource, 'pending' | 'running' | 'done' | 'failed'>(
      plan.map((r) => [r, 'pending'])
    )
    const deps = new Map(
      plan.map((r) => [
        r,
        plan.filter((d) => d !== r && r.dependsOn.some((dep) => dependencyMatches(dep, d)))
      ])
    )
    const readErrors: ErrorDetail[] = []
    const step = () => {
      if (record.state !== 'Running') return
      for (const resource of plan) {
        if (state.get(resource) !== 'pending') continue
        const needs = deps.get(resource) ?? []
        if (!needs.every((d) => state.get(d) === 'done')) continue
        state.set(resource, 'running')
        if (resource.definition.existing) {
          // `existing` is read, never deployed: no operation, and absent means the deployment fails.
          const error = readExisting(this.store, resource)
          if (error) readErrors.push(error)
          state.set(resource, error ? 'failed' : 'done')
          continue
        }
        this.runResource(record, resource, evalCtx, (ok) => {
          state.set(resource, ok ? 'done' : 'failed')
          step()
        })
      }
      if ([...state.values()].includes('running')) return
      const failed = record.operations.filter((o) => o.provisioningState === 'Failed')
      if (failed.length > 0 || readErrors.length > 0) {
        this.finish(record, {
          code: 'DeploymentFailed',
          message:
            'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
          details: [
            ...readErrors,
            ...failed.map((o) => o.statusMessage?.error).filter((e): e is ErrorDetail => !!e)
          ]
        })
        return
      }
      this.completeMode(record, plan, () => this.finishWithOutputs(record, evalCtx))
    }
    step()
  }

  private runResource(
    record: DeploymentRecord,
    resource: PlannedResource,
    evalCtx: EvalContext,
    done: (ok: boolean) => void
  ): void {
    const op = this.operation(record, 'Create', target(resource))
    const fail = (error: ErrorDetail, statusCode = 'BadRequest') => {
      settle(op, this.ctx.clock.now(), { state: 'Failed', error, statusCode })
      done(false)
    }
    if (resource.type.toLowerCase() === DEPLOYMENTS_TYPE) {
      this.runChild(record, resource, evalCtx, op, done, fail)
      return
    }
    const failure = scenarioFailure(this.ctx.scenario, resource.name, resource.type)
    if (neverEnds(this.ctx.scenario, resource.name, resource.type)) return
    const ms = provisioningMs(this.ctx.scenario, resource.name, resource.type)
    if (failure) {
      this.schedule(record, failure.afterMs ?? ms, () =>
        fail({ code: failure.code, message: failure.message })
      )
      return
    }
    this.schedule(record, ms, () => {
      try {
        writeResource(this.store, this.ids.next(), this.ctx.tenantId, record, resource, evalCtx)
      } catch (error) {
        fail(toDetail(error))
        return
      }
      settle(op, this.ctx.clock.now(), { state: 'Succeeded' })
      if (!record.outputResources.includes(resource.id)) record.outputResources.push(resource.id)
      done(true)
    })
  }

  private runChild(
    parent: DeploymentRecord,
    resource: PlannedResource,
    evalCtx: EvalContext,
    op: OperationRecord,
    done: (ok: boolean) => void,
    fail: (error: ErrorDetail, statusCode?: string) => void
  ): void {
    let request: ReturnType<typeof childRequest>
    let child: DeploymentRecord
    try {
      request = childRequest(parent, resource, evalCtx, this.links, this.store)
      child = this.create(request.fields)
      const { template, parameters } = request.fields.request
      if (request.inner) checkParameters(template, parameters)
    } catch (error) {
      fail(toDetail(error))
      return
    }
    parent.children.push(child)
    child.onFinish.push((c) => {
      if (c.state === 'Succeeded') {
        settle(op, this.ctx.clock.now(), { state: 'Succeeded' })
        parent.outputResources.push(
          ...c.outputResources.filter((id) => !parent.outputResources.includes(id))
        )
        done(true)
      } else if (c.state === 'Failed') {
        fail(
          c.error ?? { code: 'DeploymentFailed', message: 'The nested deployment failed.' },
          'Conflict'
        )
      } else {
        settle(op, this.ctx.clock.now(), { state: 'Canceled' })
        done(false)
      }
    })
    this.start(child, request.inner ? undefined : request.local)
  }

  private completeMode(record: DeploymentRecord, plan: PlannedResource[], then: () => void): void {
    if (record.request.mode !== 'Complete' || record.scope.kind !== 'resourceGroup') return then()
    const wanted = new Set(plan.map((r) => key(r.id)))
    const extra = this.store.resourcesIn(record.scope.id).filter((r) => !wanted.has(key(r.id)))
    if (extra.length === 0) return then()
    const ops = extra.map((r) => ({
      r,
      op: this.operation(record, 'Delete', { id: r.id, resourceType: r.type, resourceName: r.name })
    }))
    this.schedule(record, CLEANUP_MS, () => {
      for (const { r, op } of ops) {
        this.store.resources.delete(key(r.id))
        settle(op, this.ctx.clock.now(), { state: 'Succeeded' })
      }
      then()
    })
  }

  private finishWithOutputs(record: DeploymentRecord, evalCtx: EvalContext): void {
    try {
      record.outputs = evaluateOutputs(record.request.template, evalCtx)
    } catch (error) {
      this.finish(record, toDetail(error))
      return
    }
    this.finish(record)
  }

  private finish(record: DeploymentRecord, error?: ErrorDetail): void {
    if (record.state !== 'Running' && record.state !== 'Accepted') return
    record.state = error ? 'Failed' : 'Succeeded'
    record.error = error
    record.endedAt = this.ctx.clock.now()
    if (error && record.request.onErrorDeployment) {
      record.onErrorDeployment = onErrorOutcome(this.store, record)
    }
    this.clearTimers(record)
    for (const listener of record.onFinish.splice(0)) listener(record)
  }

  /** Cancels a deployment that is Accepted or Running, and its running children. */
  cancel(record: DeploymentRecord): boolean {
    if (record.state !== 'Accepted' && record.state !== 'Running') return false
    record.state = 'Canceled'
    record.endedAt = this.ctx.clock.now()
    this.clearTimers(record)
    for (const op of record.operations) {
      if (op.provisioningState === 'Running')
        settle(op, record.endedAt ?? this.ctx.clock.now(), { state: 'Canceled' })
    }
    for (const child of record.children) this.cancel(child)
    for (const listener of record.onFinish.splice(0)) listener(record)
    return true
  }

  private operation(
    record: DeploymentRecord,
    kind: OperationRecord['provisioningOperation'],
    targetResource: OperationRecord['targetResource']
  ): OperationRecord {
    const op: OperationRecord = {
      operationId: this.ids.operationId(),
      provisioningOperation: kind,
      provisioningState: 'Running',
      startedAt: this.ctx.clock.now(),
      targetResource,
      serviceRequestId: this.ids.guid()
    }
    record.operations.push(op)
    return op
  }

  private schedule(record: DeploymentRecord, emulatedMs: number, fn: () => void): void {
    const cancel = this.ctx.clock.after(emulatedMs, () => {
      record.timers.delete(cancel)
      fn()
    })
    record.timers.add(cancel)
  }

  private clearTimers(record: DeploymentRecord): void {
    for (const cancel of record.timers) cancel()
    record.timers.clear()
  }
}
