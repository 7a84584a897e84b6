// Deployment stacks (Microsoft.Resources/deploymentStacks, OpenAPI 2025-07-01) at resource group,
// subscription and management group scope: PUT (Azure-AsyncOperation), GET, list, DELETE with the
// unmanage actions, validate, exportTemplate. A stack's template runs as a real deployment through
// the deployments API (stack-runner.ts); nothing of the template engine is repeated here.
import type { ArmContext, ArmRequest, ArmResponse } from '../types.js'
import type { DeploymentsApi } from '../arm/deployments-api.js'
import { ArmError, notFound } from '../arm/errors.js'
import { key, type Scope } from '../arm/scopes.js'
import { page } from '../arm/serialize.js'
import type { IdSource, Store } from '../arm/store.js'
import { callerObjectId } from './deny.js'
import { stackId, type StackRoute } from './paths.js'
import {
  asyncStatus,
  nonTerminal,
  stackBody,
  TERMINAL_STATES,
  type StackRecord
} from './stack-records.js'
import {
  deleteDetach,
  deploymentScopeOf,
  readStackRequest,
  type ActionOnUnmanage
} from './stack-request.js'
import { deploymentRequest, preflight } from './stack-deployment.js'
import { actionFor, STACK_PHASE_MS, StackRunner } from './stack-runner.js'

export class StacksApi {
  readonly stacks = new Map<string, StackRecord>()
  readonly runner: StackRunner

  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store,
    private readonly deployments: DeploymentsApi,
    private readonly ids: IdSource,
    private readonly pageSize: () => number
  ) {
    this.runner = new StackRunner(ctx, store, deployments, () => this.stacks.values())
  }

  handle(route: StackRoute, req: ArmRequest): ArmResponse {
    this.checkScope(route.scope)
    const method = req.method.toUpperCase()
    const name = route.name ?? ''
    switch (`${route.action} ${method}`) {
      case 'list GET': {
        const stacks = [...this.stacks.values()].filter(
          (s) => key(s.scope.id) === key(route.scope.id)
        )
        const now = this.ctx.clock.now()
        return this.ok(
          page(
            stacks.map((s) => stackBody(s, now)),
            req.url,
            this.pageSize()
          ),
          'DeploymentStackListResult'
        )
      }
      case 'stack GET':
        return this.ok(
          stackBody(this.find(route.scope, name), this.ctx.clock.now()),
          'DeploymentStack'
        )
      case 'stack PUT':
        return this.put(route.scope, name, req)
      case 'stack DELETE':
        return this.delete(route.scope, name, req)
      case 'validate POST':
        return this.validate(route.scope, name, req)
      case 'exportTemplate POST': {
        const r = this.find(route.scope, name).request
        return this.ok(
          r.templateLink ? { templateLink: r.templateLink } : { template: r.template },
          'DeploymentStackTemplateDefinition'
        )
      }
      case 'operationStatus GET': {
        const stack = this.find(route.scope, name)
        if (stack.asyncOperationId !== route.subId)
          throw new ArmError(
            404,
            'OperationNotFound',
            `The operation '${route.subId}' could not be found.`
          )
        const status = asyncStatus(stack.state)
        return {
          status: 200,
          headers: status === 'Running' ? { 'Retry-After': this.pollSeconds() } : {},
          body: stack.error && status !== 'Running' ? { status, error: stack.error } : { status },
          schema: 'OperationStatusResult'
        }
      }
      default:
        throw new ArmError(
          405,
          'MethodNotAllowed',
          `The requested resource does not support http method '${method}'.`
        )
    }
  }

  private ok(body: unknown, schema: string): ArmResponse {
    return { status: 200, body, schema }
  }

  private checkScope(scope: Scope): void {
    if (scope.subscriptionId && key(scope.subscriptionId) !== key(this.ctx.subscriptionId))
      throw notFound.subscription(scope.subscriptionId)
    if (
      scope.kind === 'resourceGroup' &&
      !this.store.group(scope.subscriptionId ?? '', scope.resourceGroup ?? '')
    )
      throw notFound.resourceGroup(scope.resourceGroup ?? '')
  }

  private find(scope: Scope, name: string): StackRecord {
    const stack = this.stacks.get(key(stackId(scope, name)))
    if (!stack)
      throw new ArmError(
        404,
        'DeploymentStackNotFound',
        `The deployment stack '${name}' could not be found.`
      )
    return stack
  }

  private put(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const existing = this.stacks.get(key(stackId(scope, name)))
    if (existing && !TERMINAL_STATES.has(existing.state)) throw nonTerminal(existing, 'deployed')
    const request = readStackRequest(scope, req.body)
    if (existing && !request.bypassStackOutOfSyncError) this.checkInSync(existing)
    const target = deploymentScopeOf(scope, request)
    const deployment = deploymentRequest(this.ctx, this.ids.guid(), name, target, request, req)
    preflight(this.deployments, target, deployment)
    const now = this.ctx.clock.now()
    const caller = callerObjectId(req)
    const stack: StackRecord = existing ?? {
      id: stackId(scope, name),
      name,
      scope,
      deploymentScope: target,
      request,
      state: 'initializing',
      correlationId: req.correlationId,
      createdBy: caller,
      createdAt: now,
      modifiedBy: caller,
      modifiedAt: now,
      startedAt: now,
      asyncOperationId: '',
      denyAssignmentId: this.ids.guid(),
      resources: [],
      detachedResources: [],
      deletedResources: [],
      failedResources: [],
      timers: new Set()
    }
    Object.assign(stack, {
      deploymentScope: target,
      request: { ...request, location: existing?.request.location ?? request.location },
      state: 'initializing',
      correlationId: req.correlationId,
      modifiedBy: caller,
      modifiedAt: now,
      startedAt: now,
      endedAt: undefined,
      asyncOperationId: this.ids.asyncId(),
      deploymentId: undefined,
      deployment: undefined,
      detachedResources: [],
      deletedResources: [],
      failedResources: [],
      outputs: undefined,
      error: undefined
    })
    this.stacks.set(key(stack.id), stack)
    this.runner.start(stack, deployment)
    const apiVersion = req.url.searchParams.get('api-version') ?? '2025-07-01'
    return {
      status: existing ? 200 : 201,
      headers: {
        'Azure-AsyncOperation': `${this.ctx.baseUrl}${stack.id}/operationStatuses/${stack.asyncOperationId}?api-version=${apiVersion}`,
        'Retry-After': this.pollSeconds()
      },
      body: stackBody(stack, now),
      schema: 'DeploymentStack'
    }
  }

  private validate(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const request = readStackRequest(scope, req.body)
    const target = deploymentScopeOf(scope, request)
    const validated = preflight(
      this.deployments,
      target,
      deploymentRequest(this.ctx, this.ids.guid(), name, target, request, req)
    )
    const body = {
      id: stackId(scope, name),
      name,
      type: 'Microsoft.Resources/deploymentStacks',
      properties: {
        actionOnUnmanage: request.actionOnUnmanage,
        denySettings: request.denySettings,
        ...(request.deploymentScope ? { deploymentScope: request.deploymentScope } : {}),
        ...(request.parameters ? { parameters: request.parameters } : {}),
        ...(request.templateLink ? { templateLink: request.templateLink } : {}),
        ...(request.validationLevel ? { validationLevel: request.validationLevel } : {}),
        correlationId: req.correlationId,
        validatedResources: validated.map((id) => ({ id }))
      }
    }
    return this.deployments.accepted(STACK_PHASE_MS.validating, req, () => ({
      status: 200,
      body,
      schema: 'DeploymentStackValidateResult'
    }))
  }

  private delete(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const stack = this.stacks.get(key(stackId(scope, name)))
    if (!stack) return { status: 204 }
    if (!TERMINAL_STATES.has(stack.state)) throw nonTerminal(stack, 'deleted')
    const query = (name: string) =>
      [...req.url.searchParams].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
    if (query('bypassStackOutOfSyncError')?.toLowerCase() !== 'true') this.checkInSync(stack)
    const actions: ActionOnUnmanage = {
      resources:
        deleteDetach(query('unmanageAction.Resources'), 'unmanageAction.Resources') ?? 'detach',
      resourceGroups: deleteDetach(
        query('unmanageAction.ResourceGroups'),
        'unmanageAction.ResourceGroups'
      ),
      managementGroups: deleteDetach(
        query('unmanageAction.ManagementGroups'),
        'unmanageAction.ManagementGroups'
      )
    }
    const ids = stack.resources.map((m) => m.id).filter((id) => this.runner.exists(id))
    const deletes = ids.filter((id) => actionFor(id, actions) === 'delete')
    const ms =
      STACK_PHASE_MS.deleting +
      (deletes.length ? Math.max(...deletes.map((id) => this.runner.deleteMs(id))) : 0)
    Object.assign(stack, {
      state: 'deleting',
      correlationId: req.correlationId,
      startedAt: this.ctx.clock.now(),
      endedAt: undefined,
      error: undefined
    })
    this.runner.after(stack, STACK_PHASE_MS.deleting, () =>
      this.runner.unmanage(stack, ids, actions, () => {
        if (stack.failedResources.length === 0) {
          this.stacks.delete(key(stack.id))
          return
        }
        this.runner.finish(stack, 'failed', {
          code: 'DeploymentStackDeleteResourcesFailed',
          message: `The deployment stack '${stack.name}' could not be deleted: one or more of its resources could not be deleted.`,
          details: stack.failedResources.map((f) => ({ ...f.error, target: f.id }))
        })
      })
    )
    // One emulated second after the last delete, so the result is read after the timers ran.
    return this.deployments.accepted(ms + 1_000, req, () =>
      stack.error
        ? { status: 400, body: { error: stack.error }, schema: 'CloudError' }
        : { status: 200 }
    )
  }

  /** Managed resources gone from Azure behind the stack's back make its list out of sync. */
  private checkInSync(stack: StackRecord): void {
    const missing = stack.resources.map((m) => m.id).filter((id) => !this.runner.exists(id))
    if (missing.length === 0) return
    throw new ArmError(
      400,
      'DeploymentStackOutOfSync',
      `The resources of deployment stack '${stack.name}' are out of sync with Azure: ${missing.map((id) => `'${id}'`).join(', ')} no longer exist. Set 'bypassStackOutOfSyncError' to true to proceed.`
    )
  }

  /** Poll hint in real seconds: 10 emulated seconds, at least 1 (as the deployments API). */
  private pollSeconds(): string {
    return String(Math.min(10, Math.max(1, Math.ceil(this.ctx.clock.toReal(10_000) / 1000))))
  }
}
