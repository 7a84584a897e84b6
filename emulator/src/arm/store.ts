// The emulator's ARM state, in memory: resource groups, deployments with their operations, the
// resources deployments created (what-if and reference() read them), and pending async results.
import type { ErrorDetail } from './errors.js'
import type { Scope } from './scopes.js'
import { key } from './scopes.js'
import type { GivenParameters, Template } from './template.js'

export type ProvisioningState = 'Accepted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled'

export interface TargetResource {
  id: string
  resourceType: string
  resourceName: string
  apiVersion?: string
  symbolicName?: string
}

export interface OperationRecord {
  operationId: string
  provisioningOperation: 'Create' | 'Delete' | 'EvaluateDeploymentOutput'
  provisioningState: string
  startedAt: number
  endedAt?: number
  statusCode?: string
  statusMessage?: { status?: string; error?: ErrorDetail }
  targetResource: TargetResource
  serviceRequestId: string
}

export interface DeploymentRequest {
  template: Template
  parameters: GivenParameters
  /** Echoed as ARM does when the template or parameters came from a link. */
  templateLink?: { uri?: string; id?: string; contentVersion?: string }
  parametersLink?: { uri: string; contentVersion?: string }
  mode: 'Incremental' | 'Complete'
  onErrorDeployment?: { type?: string; deploymentName?: string }
  debugSetting?: { detailLevel?: string }
  expressionEvaluationOptions?: { scope?: string }
}

export interface DeploymentRecord {
  id: string
  name: string
  scope: Scope
  location?: string
  tags?: Record<string, string>
  request: DeploymentRequest
  state: ProvisioningState
  correlationId: string
  startedAt: number
  endedAt?: number
  outputs?: Record<string, { type: string; value: unknown }>
  error?: ErrorDetail
  operations: OperationRecord[]
  outputResources: string[]
  dependencies: Array<{
    id: string
    resourceType: string
    resourceName: string
    dependsOn: Array<{ id: string; resourceType: string; resourceName: string }>
  }>
  templateHash: string
  /** Resource types the PUT's plan will deploy: `providers` before any operation exists. */
  plannedTypes?: string[]
  asyncOperationId: string
  onErrorDeployment?: { type?: string; deploymentName?: string; provisioningState?: string }
  /** Cancels every pending timer of this deployment. */
  timers: Set<() => void>
  children: DeploymentRecord[]
  onFinish: Array<(record: DeploymentRecord) => void>
}

export interface EmulatedResource {
  id: string
  name: string
  type: string
  location?: string
  apiVersion?: string
  tags?: Record<string, unknown>
  sku?: unknown
  kind?: unknown
  zones?: unknown
  identity?: unknown
  properties: Record<string, unknown>
  /** Which deployment last wrote it. */
  deploymentId: string
}

export interface ResourceGroup {
  id: string
  name: string
  location: string
  tags?: Record<string, string>
}

export interface AsyncResult {
  /** Emulated ms (clock.emulatedElapsed) at which the result is ready. */
  readyAt: number
  location: string
  result: () => { status: number; body?: unknown; schema?: string }
}

/** A template spec or one of its versions (`mainTemplate`), created through the ARM API. */
export interface TemplateSpecRecord {
  id: string
  name: string
  location: string
  tags?: Record<string, string>
  description?: string
  displayName?: string
  mainTemplate?: unknown
  createdAt: number
  modifiedAt: number
}

export class Store {
  readonly deployments = new Map<string, DeploymentRecord>()
  readonly resources = new Map<string, EmulatedResource>()
  readonly groups = new Map<string, ResourceGroup>()
  readonly asyncResults = new Map<string, AsyncResult>()
  /** Template specs and versions by id (case-insensitive key). */
  readonly templateSpecs = new Map<string, TemplateSpecRecord>()

  group(subscriptionId: string, name: string): ResourceGroup | undefined {
    return this.groups.get(key(`/subscriptions/${subscriptionId}/resourceGroups/${name}`))
  }

  putGroup(
    subscriptionId: string,
    name: string,
    location: string,
    tags?: Record<string, string>
  ): { group: ResourceGroup; created: boolean } {
    const id = `/subscriptions/${subscriptionId}/resourceGroups/${name}`
    const existing = this.groups.get(key(id))
    const group = {
      id: existing?.id ?? id,
      name: existing?.name ?? name,
      location: existing?.location ?? location,
      tags: tags ?? existing?.tags
    }
    this.groups.set(key(id), group)
    return { group, created: !existing }
  }

  /** Resources whose id is under the given scope id (complete mode, what-if). */
  resourcesIn(scopeId: string): EmulatedResource[] {
    const prefix = key(`${scopeId}/providers/`)
    return [...this.resources.values()].filter(
      (r) => key(r.id).startsWith(prefix) && r.type.split('/').length === 2
    )
  }
}

/**
 * Deterministic ids (no randomness, so a seeded run logs the same paths). One counter per kind:
 * async-operation ids appear in URLs and are drawn only by requests, so timers firing in a
 * different order relative to polls cannot shift them.
 */
export class IdSource {
  private readonly counters = { serial: 0, operation: 0, async: 0, guid: 0 }
  private bump(kind: keyof IdSource['counters']): number {
    return ++this.counters[kind]
  }
  next(): number {
    return this.bump('serial')
  }
  operationId(): string {
    return (0x8e0a5db5ddb9b9den + BigInt(this.bump('operation')) * 0x9e3779b1n)
      .toString(16)
      .toUpperCase()
      .slice(-16)
  }
  asyncId(): string {
    return `08584${String(this.bump('async')).padStart(14, '0')}`
  }
  guid(): string {
    const h = (BigInt(this.bump('guid')) * 0x9e3779b97f4a7c15n)
      .toString(16)
      .padStart(32, '0')
      .slice(-32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}
