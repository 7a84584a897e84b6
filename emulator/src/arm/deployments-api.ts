// The deployments resource at any scope: PUT/GET/HEAD/DELETE, list, operations, cancel,
// validate, whatIf, and the async-operation status document. Scope differences come from
// scopes.ts; bodies from serialize.ts.
import type { ArmContext, ArmRequest, ArmResponse } from '../types.js'
import { ArmError, notFound } from './errors.js'
import {
  checkDeploymentName,
  checkManagementGroupId,
  readDeploymentRequest
} from './deployment-request.js'
import { newRecord, toDetail } from './records.js'
import { deploymentId, key, type DeploymentRoute, type Scope } from './scopes.js'
import { deploymentBody, operationBody, page, validateResultBody } from './serialize.js'
import type { Simulator } from './simulation.js'
import type { DeploymentRecord, DeploymentRequest, IdSource, Store } from './store.js'
import { checkParameters } from './parameters.js'
import { checkTemplate } from './template-check.js'
import { planResources } from './resource-plan.js'
import { moduleResolver, whatIf } from './what-if.js'

const WHAT_IF_MS = 5_000
const DELETE_MS = 5_000
const ACTIVE_STATES = new Set(['Accepted', 'Running'])

export interface DeploymentsApiOptions {
  pageSize: () => number
}

export class DeploymentsApi {
  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store,
    private readonly sim: Simulator,
    private readonly ids: IdSource,
    private readonly options: DeploymentsApiOptions
  ) {}

  handle(route: DeploymentRoute, req: ArmRequest): ArmResponse {
    const writes = req.method === 'PUT' || route.action === 'validate' || route.action === 'whatIf'
    this.checkScope(route.scope, writes)
    checkManagementGroupId(route.scope)
    if (writes) checkDeploymentName(route.name ?? '')
    const method = req.method.toUpperCase()
    const name = route.name ?? ''
    switch (`${route.action} ${method}`) {
      case 'list GET':
        return this.list(route.scope, req)
      case 'deployment PUT':
        return this.put(route.scope, name, req)
      case 'deployment GET':
        return this.ok(
          deploymentBody(this.find(route.scope, name), this.ctx.clock.now()),
          'DeploymentExtended'
        )
      case 'deployment HEAD':
        return {
          status: this.store.deployments.has(key(deploymentId(route.scope, name))) ? 204 : 404
        }
      case 'deployment DELETE':
        return this.delete(route.scope, name, req)
      case 'operations GET': {
        const record = this.find(route.scope, name)
        const now = this.ctx.clock.now()
        return this.ok(
          page(
            record.operations.map((o) => operationBody(record, o, now)),
            req.url,
            this.options.pageSize()
          ),
          'DeploymentOperationsListResult'
        )
      }
      case 'operation GET': {
        const record = this.find(route.scope, name)
        const op = record.operations.find(
          (o) => o.operationId.toLowerCase() === (route.subId ?? '').toLowerCase()
        )
        if (!op)
          throw new ArmError(
            404,
            'DeploymentOperationNotFound',
            `Deployment operation '${route.subId}' of deployment '${name}' could not be found.`
          )
        return this.ok(operationBody(record, op, this.ctx.clock.now()), 'DeploymentOperation')
      }
      case 'operationStatus GET':
        return this.operationStatus(route.scope, name, route.subId ?? '')
      case 'cancel POST': {
        const record = this.find(route.scope, name)
        if (!this.sim.cancel(record)) {
          throw new ArmError(
            409,
            'DeploymentCannotBeCancelled',
            `The deployment '${record.name}' cannot be cancelled because its provisioning state is '${record.state}'. Only deployments in 'Accepted' or 'Running' state can be cancelled.`
          )
        }
        return { status: 204 }
      }
      case 'validate POST':
        return this.validate(route.scope, name, req)
      case 'whatIf POST':
        return this.whatIf(route.scope, name, req)
      case 'exportTemplate POST':
        return this.ok(
          { template: this.find(route.scope, name).request.template },
          'DeploymentExportResult'
        )
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

  private checkScope(scope: Scope, mustExist: boolean): void {
    if (
      scope.subscriptionId &&
      scope.subscriptionId.toLowerCase() !== this.ctx.subscriptionId.toLowerCase()
    ) {
      throw notFound.subscription(scope.subscriptionId)
    }
    if (
      mustExist &&
      scope.kind === 'resourceGroup' &&
      !this.store.group(scope.subscriptionId ?? '', scope.resourceGroup ?? '')
    ) {
      throw notFound.resourceGroup(scope.resourceGroup ?? '')
    }
  }

  private find(scope: Scope, name: string): DeploymentRecord {
    const record = this.store.deployments.get(key(deploymentId(scope, name)))
    if (!record) throw notFound.deployment(name)
    return record
  }

  private list(scope: Scope, req: ArmRequest): ArmResponse {
    const filter = /provisioningState\s+eq\s+'(\w+)'/i.exec(
      req.url.searchParams.get('$filter') ?? ''
    )?.[1]
    const now = this.ctx.clock.now()
    const records = [...this.store.deployments.values()]
      .filter((d) => key(d.scope.id) === key(scope.id))
      .filter((d) => !filter || d.state.toLowerCase() === filter.toLowerCase())
      .sort((a, b) => b.startedAt - a.startedAt)
    return this.ok(
      page(
        records.map((d) => deploymentBody(d, now)),
        req.url,
        this.options.pageSize()
      ),
      'DeploymentListResult'
    )
  }

  /** Template checks ARM runs synchronously: parameters, then names/ids of every resource. */
  private preflight(scope: Scope, name: string, request: DeploymentRequest, location?: string) {
    checkTemplate(request.template, scope)
    checkParameters(request.template, request.parameters)
    const evalCtx = this.sim.evaluator.evalContext({
      id: deploymentId(scope, name),
      name,
      scope,
      location,
      request
    })
    return { evalCtx, plan: planResources(request.template, evalCtx) }
  }

  private put(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const id = deploymentId(scope, name)
    const existing = this.store.deployments.get(key(id))
    if (existing && ACTIVE_STATES.has(existing.state)) {
      throw new ArmError(
        409,
        'DeploymentActive',
        `The deployment with resource id '${existing.id}' cannot be saved, because this would overwrite an existing deployment which is still active.`
      )
    }
    const { request, location, tags } = readDeploymentRequest(scope, name, req, this.sim.links)
    const { plan } = this.preflight(scope, name, request, location)
    const record = this.sim.create({
      id: existing?.id ?? id,
      name: existing?.name ?? name,
      scope,
      location,
      tags,
      correlationId: req.correlationId,
      request
    })
    record.asyncOperationId = this.ids.asyncId()
    record.plannedTypes = plan.filter((r) => !r.definition.existing).map((r) => r.type)
    this.sim.start(record)
    const apiVersion = req.url.searchParams.get('api-version') ?? '2025-04-01'
    return {
      status: 201,
      headers: {
        'Azure-AsyncOperation': `${this.ctx.baseUrl}${record.id}/operationStatuses/${record.asyncOperationId}?api-version=${apiVersion}`,
        'Retry-After': this.pollSeconds()
      },
      body: deploymentBody(record, this.ctx.clock.now()),
      schema: 'DeploymentExtended'
    }
  }

  private operationStatus(scope: Scope, name: string, asyncId: string): ArmResponse {
    const record = this.find(scope, name)
    if (record.asyncOperationId !== asyncId)
      throw new ArmError(404, 'OperationNotFound', `The operation '${asyncId}' could not be found.`)
    const body =
      record.state === 'Failed'
        ? { status: 'Failed', error: record.error }
        : { status: record.state }
    const headers: Record<string, string> = ACTIVE_STATES.has(record.state)
      ? { 'Retry-After': this.pollSeconds() }
      : {}
    return { status: 200, headers, body, schema: 'OperationStatusResult' }
  }

  private validate(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const { request, location } = readDeploymentRequest(scope, name, req, this.sim.links)
    const id = deploymentId(scope, name)
    try {
      const { plan } = this.preflight(scope, name, request, location)
      // validate stores nothing (an existing deployment of that name stays as it is).
      const record = newRecord(
        { id, name, scope, location, correlationId: req.correlationId, request },
        this.ctx.clock.now()
      )
      return this.ok(
        validateResultBody(record, plan, this.ctx.clock.now()),
        'DeploymentValidateResult'
      )
    } catch (error) {
      if (!(error instanceof ArmError) || error.status >= 500) throw error
      return { status: 400, body: { error: toDetail(error) }, schema: 'DeploymentValidateResult' }
    }
  }

  private whatIf(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const { request, location } = readDeploymentRequest(scope, name, req, this.sim.links)
    const { evalCtx } = this.preflight(scope, name, request, location)
    const nested = moduleResolver(
      this.sim.evaluator,
      location,
      this.sim.links,
      request.templateLink?.uri
    )
    const changes = whatIf(request.template, evalCtx, scope, request.mode, this.store, nested)
    return this.accepted(WHAT_IF_MS, req, () => ({
      status: 200,
      body: { status: 'Succeeded', properties: { changes } },
      schema: 'WhatIfOperationResult'
    }))
  }

  private delete(scope: Scope, name: string, req: ArmRequest): ArmResponse {
    const record = this.store.deployments.get(key(deploymentId(scope, name)))
    if (!record) return { status: 204 }
    if (ACTIVE_STATES.has(record.state)) {
      throw new ArmError(
        409,
        'DeploymentActive',
        `The deployment '${record.name}' cannot be deleted because it is still active. Cancel it or wait for it to finish.`
      )
    }
    this.ctx.clock.after(DELETE_MS, () => this.store.deployments.delete(key(record.id)))
    return this.accepted(DELETE_MS, req, () => ({ status: 204 }))
  }

  /** Poll hint in real seconds: 10 emulated seconds, at least 1 (clients default to 30 s without it). */
  private pollSeconds(): string {
    return String(Math.min(10, Math.max(1, Math.ceil(this.ctx.clock.toReal(10_000) / 1000))))
  }

  /** 202 + Location (+ Retry-After): the result is served by operationResults once ready. */
  accepted(
    emulatedMs: number,
    req: ArmRequest,
    result: () => { status: number; body?: unknown; schema?: string }
  ): ArmResponse {
    const token = this.ids.asyncId()
    const apiVersion = req.url.searchParams.get('api-version') ?? '2025-04-01'
    const prefix = this.ctx.subscriptionId ? `/subscriptions/${this.ctx.subscriptionId}` : ''
    const location = `${this.ctx.baseUrl}${prefix}/providers/Microsoft.Resources/operationResults/${token}?api-version=${apiVersion}`
    this.store.asyncResults.set(token, {
      readyAt: this.ctx.clock.emulatedElapsed() + emulatedMs,
      location,
      result
    })
    return { status: 202, headers: { Location: location, 'Retry-After': '1' } }
  }
}
