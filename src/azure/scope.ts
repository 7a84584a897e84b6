// THE one table of scope differences (resource group, subscription, management group, tenant):
// which fields name a scope and where they sit in its deployment ids (so its ids, the pattern
// that parses them back, the inputs it needs and an attach step's inputs all follow), whether a
// PUT there takes a location, whether ARM rolls back there, and which SDK method serves each
// deployment call. Everything else is written once, over the table (src/settings/scope-inputs.ts reads
// the inputs).

import type {
  DeploymentsClient,
  DeploymentExtended,
  DeploymentOperation,
  DeploymentProperties
} from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import { Inputs } from '../runtime/names.js'
import type { Scope, ScopeType } from '../settings/settings.js'

/** Omit over each member of a union (plain Omit would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A scope for reading: what the deployment's id says (no location, which only a PUT needs). */
export type ScopeTarget = DistributiveOmit<Scope, 'location'>

/** The fields that name a scope's place (subscription id, resource group, management group). */
export type ScopeField = Exclude<KeysOf<ScopeTarget>, 'type'>
type KeysOf<T> = T extends unknown ? keyof T : never

/** Body of a PUT/validate: location only where ARM wants one (it rejects it at resource-group scope). */
export interface DeploymentBody {
  location?: string
  properties: DeploymentProperties
  tags?: Record<string, string>
}

type Of<K extends ScopeType> = Extract<ScopeTarget, { type: K }>
type FieldOf<T extends ScopeTarget> = Exclude<keyof T, 'type'> & ScopeField
type Submitted = { submitted(): Promise<void> }
/** The SDK's pollers are PromiseLike: awaiting one would poll to the end, so they are never awaited. */
type Poller = Submitted
/** validate and what-if are short: their callers do wait on these SDK pollers (pollUntilDone). */
type ValidatePoller = ReturnType<DeploymentsClient['deployments']['validate']>
type WhatIfPoller = ReturnType<DeploymentsClient['deployments']['whatIf']>
type LroOptions = OperationOptions & { updateIntervalInMs?: number }

/** What every scope's entry says, whatever its target type. */
interface ScopeShape<F extends ScopeField = ScopeField> {
  /** Human label for logs. */
  label: string
  /**
   * The deployment id's prefix as `/{segment}/{field value}` pairs, in order: the scope's fields,
   * the inputs it needs (see SCOPE_FIELDS), its id and the pattern that parses an id back.
   */
  path: ReadonlyArray<readonly [segment: string, field: F]>
  /** The field whose input, when given, makes this the default scope (attach needs no `scope`). */
  impliedBy?: F
  /** Whether a PUT at this scope carries a location (then the `location` input is required). */
  putLocation: boolean
  /** Whether ARM's `onErrorDeployment` (input `rollback-on-error`) works at this scope. */
  supportsRollback: boolean
  /** Whether ARM deploys in mode Complete here (only at resource group scope). */
  supportsCompleteMode: boolean
  /**
   * The `$schema` file of templates written for this scope. `deploymentTemplate.json` is taken
   * at every scope (nested templates use it); another scope's own schema is refused.
   */
  templateSchema: string
}

/** A scope's entry: its shape, plus the SDK call for each deployment call at that scope. */
interface ScopeEntry<T extends ScopeTarget> extends ScopeShape<FieldOf<T>> {
  /** The deployment id's prefix (before `/providers/Microsoft.Resources/deployments/{name}`). */
  prefix(t: T): string
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

// Scoped bodies (management group, tenant) must carry a location; read-inputs.ts requires one for
// every operation that sends a body, so a missing one is a bug here, not something to send ARM.
function scoped(b: DeploymentBody): DeploymentBody & { location: string } {
  const { location } = b
  if (!location) throw new Error('A management group or tenant deployment body needs a location')
  return { ...b, location }
}

export type ScopeValues = { type: ScopeType } & Partial<Record<ScopeField, string>>

/** The action input behind each scope field (the settings reader reads them, hints name them). */
export const SCOPE_FIELD_INPUTS: Record<ScopeField, string> = {
  subscriptionId: Inputs.SubscriptionId,
  resourceGroupName: Inputs.ResourceGroupName,
  managementGroupId: Inputs.ManagementGroupId
}

/** `/{segment}/{value}` for each of the path's fields. */
const idPrefix = (path: ScopeShape['path'], t: ScopeValues): string =>
  path.map(([segment, f]) => `/${segment}/${t[f] ?? ''}`).join('')

/** An entry with its id prefix derived from its path. */
function entry<T extends ScopeTarget>(spec: Omit<ScopeEntry<T>, 'prefix'>): ScopeEntry<T> {
  return { ...spec, prefix: (t) => idPrefix(spec.path, t) }
}

export const SCOPE_TABLE: { [K in ScopeType]: ScopeEntry<Of<K>> } = {
  resourceGroup: entry({
    label: 'resource group',
    path: [
      ['subscriptions', 'subscriptionId'],
      ['resourceGroups', 'resourceGroupName']
    ],
    impliedBy: 'resourceGroupName',
    putLocation: false,
    supportsRollback: true,
    supportsCompleteMode: true,
    templateSchema: 'deploymentTemplate.json',
    create: (c, t, n, b, o) => c.deployments.createOrUpdate(t.resourceGroupName, n, b, o),
    get: (c, t, n, o) => c.deployments.get(t.resourceGroupName, n, o),
    listOperations: (c, t, n, o) => c.deploymentOperations.list(t.resourceGroupName, n, o),
    cancel: (c, t, n, o) => c.deployments.cancel(t.resourceGroupName, n, o),
    validate: (c, t, n, b, o) => c.deployments.validate(t.resourceGroupName, n, b, o),
    whatIf: (c, t, n, b, o) => c.deployments.whatIf(t.resourceGroupName, n, b, o)
  }),
  subscription: entry({
    label: 'subscription',
    path: [['subscriptions', 'subscriptionId']],
    putLocation: true,
    supportsRollback: false,
    supportsCompleteMode: false,
    templateSchema: 'subscriptionDeploymentTemplate.json',
    create: (c, _t, n, b, o) => c.deployments.createOrUpdateAtSubscriptionScope(n, b, o),
    get: (c, _t, n, o) => c.deployments.getAtSubscriptionScope(n, o),
    listOperations: (c, _t, n, o) => c.deploymentOperations.listAtSubscriptionScope(n, o),
    cancel: (c, _t, n, o) => c.deployments.cancelAtSubscriptionScope(n, o),
    validate: (c, _t, n, b, o) => c.deployments.validateAtSubscriptionScope(n, b, o),
    whatIf: (c, _t, n, b, o) => c.deployments.whatIfAtSubscriptionScope(n, b, o)
  }),
  managementGroup: entry({
    label: 'management group',
    path: [['providers/Microsoft.Management/managementGroups', 'managementGroupId']],
    putLocation: true,
    supportsRollback: false,
    supportsCompleteMode: false,
    templateSchema: 'managementGroupDeploymentTemplate.json',
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
  }),
  tenant: entry({
    label: 'tenant',
    path: [],
    putLocation: true,
    supportsRollback: false,
    supportsCompleteMode: false,
    templateSchema: 'tenantDeploymentTemplate.json',
    create: (c, _t, n, b, o) => c.deployments.createOrUpdateAtTenantScope(n, scoped(b), o),
    get: (c, _t, n, o) => c.deployments.getAtTenantScope(n, o),
    listOperations: (c, _t, n, o) => c.deploymentOperations.listAtTenantScope(n, o),
    cancel: (c, _t, n, o) => c.deployments.cancelAtTenantScope(n, o),
    validate: (c, _t, n, b, o) => c.deployments.validateAtTenantScope(n, scoped(b), o),
    whatIf: (c, _t, n, b, o) => c.deployments.whatIfAtTenantScope(n, scoped(b), o)
  })
}

/** Every scope type, in the table's order (the order `scope`'s error message lists them). */
export const SCOPE_TYPES = Object.keys(SCOPE_TABLE) as ScopeType[]

/** The scope when neither `scope` nor an input that implies one (`impliedBy`) is given. */
export const DEFAULT_SCOPE: ScopeType = 'subscription'

/** The table's entry for a scope, typed for that scope. */
export function scopeEntry<T extends ScopeTarget>(target: T): ScopeEntry<T> {
  // The mapped type guarantees SCOPE_TABLE[t.type] handles exactly Of<t.type>.
  return SCOPE_TABLE[target.type] as unknown as ScopeEntry<T>
}

/** A scope type's entry, seen through what every scope has in common. */
export const scopeShape = (type: ScopeType): ScopeShape => SCOPE_TABLE[type]

/** Builds a target from its type and field values (the entry's path fields, in path order). */
export function targetOf(
  type: ScopeType,
  values: ReadonlyArray<readonly [ScopeField, string]>
): ScopeTarget {
  // The values are exactly the entry's path fields, so this is the union member for `type`.
  return { type, ...Object.fromEntries(values) } as ScopeTarget
}

/** The subscription a deployment's client must be bound to ('' where ARM does not use one). */
export function subscriptionOf(target: ScopeTarget): string {
  return 'subscriptionId' in target ? target.subscriptionId : ''
}

export function deploymentId(target: ScopeTarget, name: string): string {
  return `${scopeEntry(target).prefix(target)}${DEPLOYMENTS}${name}`
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Each scope's id pattern, from its path: `/{segment}/([^/]+)` per field, then the name. */
const ID_PATTERNS = SCOPE_TYPES.map((type) => {
  const { path } = scopeShape(type)
  const fields = path.map(([segment]) => `/${escaped(segment)}/([^/]+)`).join('')
  return {
    type,
    path,
    pattern: new RegExp(`^${fields}${escaped(DEPLOYMENTS)}([^/]+)$`, 'i')
  }
})

/** A malformed escape in an id from ARM is kept as it is: throwing would end the poll. */
function decoded(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Turns a (nested) deployment's resource id back into its scope and name; undefined if it is not one. */
export function parseDeploymentId(id: string): { target: ScopeTarget; name: string } | undefined {
  for (const { type, path, pattern } of ID_PATTERNS) {
    const match = pattern.exec(id)
    if (!match) continue
    const target = targetOf(
      type,
      path.map(([, f], i) => [f, match[i + 1]] as const)
    )
    return { target, name: decoded(match[path.length + 1]) }
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

/** Azure portal link to a deployment's overview: one blade for every scope, keyed by the id. */
export function portalLink(portalUrl: string, id: string): string {
  return `${portalUrl}/#view/HubsExtension/DeploymentDetailsBlade/~/overview/id/${encodeURIComponent(id)}`
}
