// THE one table of scope differences: which SDK method serves each deployment call at each scope,
// what a deployment id looks like there, and how to turn an id back into a scope.

import type {
  DeploymentsClient,
  DeploymentExtended,
  DeploymentOperation,
  DeploymentProperties
} from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import type { Scope, ScopeType } from '../settings.js'

/** A scope for reading: what the deployment's id says (no location, which only a PUT needs). */
export type ScopeTarget =
  | { type: 'resourceGroup'; subscriptionId: string; resourceGroupName: string }
  | { type: 'subscription'; subscriptionId: string }
  | { type: 'managementGroup'; managementGroupId: string }
  | { type: 'tenant' }

/** Body of a PUT/validate: location only where ARM wants one (it rejects it at resource-group scope). */
export interface DeploymentBody {
  location?: string
  properties: DeploymentProperties
  tags?: Record<string, string>
}

type Of<K extends ScopeType> = Extract<ScopeTarget, { type: K }>
type Submitted = { submitted(): Promise<void> }
/** The SDK's pollers are PromiseLike: awaiting one would poll to the end, so they are never awaited. */
type Poller = Submitted
/** validate and what-if are short: their callers do wait on these SDK pollers (pollUntilDone). */
type ValidatePoller = ReturnType<DeploymentsClient['deployments']['validate']>
type WhatIfPoller = ReturnType<DeploymentsClient['deployments']['whatIf']>
type LroOptions = OperationOptions & { updateIntervalInMs?: number }

interface ScopeEntry<T extends ScopeTarget> {
  /** Human label for logs. */
  label: string
  /** The deployment id's prefix (before `/providers/Microsoft.Resources/deployments/{name}`). */
  prefix(t: T): string
  /** Whether a PUT at this scope carries a location. */
  putLocation: boolean
  create(
    c: DeploymentsClient,
    t: T,
    name: string,
    body: DeploymentBody,
    o: OperationOptions
  ): Poller
  get(c: DeploymentsClient, t: T, name: string, o: OperationOptions): Promise<DeploymentExtended>
  listOperations(
    c: DeploymentsClient,
    t: T,
    name: string,
    o: OperationOptions
  ): AsyncIterable<DeploymentOperation>
  cancel(c: DeploymentsClient, t: T, name: string, o: OperationOptions): Promise<void>
  validate(
    c: DeploymentsClient,
    t: T,
    name: string,
    body: DeploymentBody,
    o: LroOptions
  ): ValidatePoller
  whatIf(
    c: DeploymentsClient,
    t: T,
    name: string,
    body: DeploymentBody,
    o: LroOptions
  ): WhatIfPoller
}

const DEPLOYMENTS = '/providers/Microsoft.Resources/deployments/'

// Scoped bodies (management group, tenant) must carry a location; input-helper guarantees it.
const scoped = (b: DeploymentBody) => ({ ...b, location: b.location ?? '' })

export const SCOPE_TABLE: { [K in ScopeType]: ScopeEntry<Of<K>> } = {
  resourceGroup: {
    label: 'resource group',
    prefix: (t) => `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroupName}`,
    putLocation: false,
    create: (c, t, n, b, o) => c.deployments.createOrUpdate(t.resourceGroupName, n, b, o),
    get: (c, t, n, o) => c.deployments.get(t.resourceGroupName, n, o),
    listOperations: (c, t, n, o) => c.deploymentOperations.list(t.resourceGroupName, n, o),
    cancel: (c, t, n, o) => c.deployments.cancel(t.resourceGroupName, n, o),
    validate: (c, t, n, b, o) => c.deployments.validate(t.resourceGroupName, n, b, o),
    whatIf: (c, t, n, b, o) => c.deployments.whatIf(t.resourceGroupName, n, b, o)
  },
  subscription: {
    label: 'subscription',
    prefix: (t) => `/subscriptions/${t.subscriptionId}`,
    putLocation: true,
    create: (c, _t, n, b, o) => c.deployments.createOrUpdateAtSubscriptionScope(n, b, o),
    get: (c, _t, n, o) => c.deployments.getAtSubscriptionScope(n, o),
    listOperations: (c, _t, n, o) => c.deploymentOperations.listAtSubscriptionScope(n, o),
    cancel: (c, _t, n, o) => c.deployments.cancelAtSubscriptionScope(n, o),
    validate: (c, _t, n, b, o) => c.deployments.validateAtSubscriptionScope(n, b, o),
    whatIf: (c, _t, n, b, o) => c.deployments.whatIfAtSubscriptionScope(n, b, o)
  },
  managementGroup: {
    label: 'management group',
    prefix: (t) => `/providers/Microsoft.Management/managementGroups/${t.managementGroupId}`,
    putLocation: true,
    create: (c, t, n, b, o) =>
      c.deployments.createOrUpdateAtManagementGroupScope(t.managementGroupId, n, scoped(b), o),
    get: (c, t, n, o) => c.deployments.getAtManagementGroupScope(t.managementGroupId, n, o),
    listOperations: (c, t, n, o) =>
      c.deploymentOperations.listAtManagementGroupScope(t.managementGroupId, n, o),
    cancel: (c, t, n, o) => c.deployments.cancelAtManagementGroupScope(t.managementGroupId, n, o),
    validate: (c, t, n, b, o) =>
      c.deployments.validateAtManagementGroupScope(t.managementGroupId, n, scoped(b), o),
    whatIf: (c, t, n, b, o) =>
      c.deployments.whatIfAtManagementGroupScope(t.managementGroupId, n, scoped(b), o)
  },
  tenant: {
    label: 'tenant',
    prefix: () => '',
    putLocation: true,
    create: (c, _t, n, b, o) => c.deployments.createOrUpdateAtTenantScope(n, scoped(b), o),
    get: (c, _t, n, o) => c.deployments.getAtTenantScope(n, o),
    listOperations: (c, _t, n, o) => c.deploymentOperations.listAtTenantScope(n, o),
    cancel: (c, _t, n, o) => c.deployments.cancelAtTenantScope(n, o),
    validate: (c, _t, n, b, o) => c.deployments.validateAtTenantScope(n, scoped(b), o),
    whatIf: (c, _t, n, b, o) => c.deployments.whatIfAtTenantScope(n, scoped(b), o)
  }
}

/** The table's entry for a scope, typed for that scope. */
export function scopeEntry<T extends ScopeTarget>(target: T): ScopeEntry<T> {
  // The mapped type guarantees SCOPE_TABLE[t.type] handles exactly Of<t.type>.
  return SCOPE_TABLE[target.type] as unknown as ScopeEntry<T>
}

/** The subscription a deployment's client must be bound to ('' where ARM does not use one). */
export function subscriptionOf(target: ScopeTarget): string {
  return 'subscriptionId' in target ? target.subscriptionId : ''
}

export function deploymentId(target: ScopeTarget, name: string): string {
  return `${scopeEntry(target).prefix(target)}${DEPLOYMENTS}${name}`
}

/** Turns a (nested) deployment's resource id back into its scope and name; undefined if it is not one. */
export function parseDeploymentId(id: string): { target: ScopeTarget; name: string } | undefined {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => ScopeTarget]> = [
    [
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i,
      (m) => ({ type: 'resourceGroup', subscriptionId: m[1], resourceGroupName: m[2] })
    ],
    [
      /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i,
      (m) => ({ type: 'subscription', subscriptionId: m[1] })
    ],
    [
      /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i,
      (m) => ({ type: 'managementGroup', managementGroupId: m[1] })
    ],
    [/^\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i, () => ({ type: 'tenant' })]
  ]
  for (const [pattern, toTarget] of patterns) {
    const match = pattern.exec(id)
    if (match) return { target: toTarget(match), name: decodeURIComponent(match[match.length - 1]) }
  }
  return undefined
}

/** The PUT body for a scope: location only where ARM takes one. */
export function deploymentBody(
  scope: Scope,
  properties: DeploymentProperties,
  tags?: Record<string, string>
): DeploymentBody {
  const location =
    'location' in scope && SCOPE_TABLE[scope.type].putLocation ? scope.location : undefined
  return { ...(location ? { location } : {}), properties, ...(tags ? { tags } : {}) }
}

/** Azure portal link to a deployment's overview. */
export function portalLink(portalUrl: string, id: string): string {
  return `${portalUrl}/#view/HubsExtension/DeploymentDetailsBlade/~/overview/id/${encodeURIComponent(id)}`
}
