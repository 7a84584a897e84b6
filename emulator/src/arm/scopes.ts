// Every difference between the four deployment scopes lives in this one table: how a scope is
// spelled in a URL, what its deployment ids look like, and which template schema targets it.

export type ScopeKind = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant'

export interface Scope {
  kind: ScopeKind
  subscriptionId?: string
  resourceGroup?: string
  managementGroupId?: string
  /** The scope's own id as ARM spells it ('' for the tenant). */
  id: string
}

interface ScopeRow {
  kind: ScopeKind
  /** Matches the scope prefix of a lower-cased-insensitive path; captures the scope's names. */
  prefix: RegExp
  build(names: string[]): Scope
  /** Non-resource-group deployments are stored in a location the caller must give. */
  requiresLocation: boolean
  /** `$schema` file name a template targeting this scope uses. */
  templateSchema: string
  /** RG deployment operations are also served without the `providers/` segment. */
  legacyOperationsPath: boolean
}

export const SCOPES: readonly ScopeRow[] = [
  {
    kind: 'resourceGroup',
    prefix: /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)/i,
    build: ([sub, rg]) => ({
      kind: 'resourceGroup',
      subscriptionId: sub,
      resourceGroup: rg,
      id: `/subscriptions/${sub}/resourceGroups/${rg}`
    }),
    requiresLocation: false,
    templateSchema: 'deploymentTemplate.json',
    legacyOperationsPath: true
  },
  {
    kind: 'subscription',
    prefix: /^\/subscriptions\/([^/]+)/i,
    build: ([sub]) => ({ kind: 'subscription', subscriptionId: sub, id: `/subscriptions/${sub}` }),
    requiresLocation: true,
    templateSchema: 'subscriptionDeploymentTemplate.json',
    legacyOperationsPath: false
  },
  {
    kind: 'managementGroup',
    prefix: /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)/i,
    build: ([mg]) => ({
      kind: 'managementGroup',
      managementGroupId: mg,
      id: `/providers/Microsoft.Management/managementGroups/${mg}`
    }),
    requiresLocation: true,
    templateSchema: 'managementGroupDeploymentTemplate.json',
    legacyOperationsPath: false
  },
  {
    kind: 'tenant',
    prefix: /^/,
    build: () => ({ kind: 'tenant', id: '' }),
    requiresLocation: true,
    templateSchema: 'tenantDeploymentTemplate.json',
    legacyOperationsPath: false
  }
]

export function scopeRow(kind: ScopeKind): ScopeRow {
  const row = SCOPES.find((r) => r.kind === kind)
  if (!row) throw new Error(`unknown scope ${kind}`)
  return row
}

export type DeploymentAction =
  | 'list'
  | 'deployment'
  | 'operations'
  | 'operation'
  | 'cancel'
  | 'validate'
  | 'whatIf'
  | 'exportTemplate'
  | 'operationStatus'

export interface DeploymentRoute {
  scope: Scope
  action: DeploymentAction
  name?: string
  /** Operation id or async-operation id. */
  subId?: string
}

const ACTIONS: Record<string, DeploymentAction> = {
  operations: 'operations',
  cancel: 'cancel',
  validate: 'validate',
  whatif: 'whatIf',
  exporttemplate: 'exportTemplate'
}

/** Parses a deployments URL at any scope, case-insensitively; undefined when it is not one. */
export function parseDeploymentPath(path: string): DeploymentRoute | undefined {
  for (const row of SCOPES) {
    const match = row.prefix.exec(path)
    if (!match) continue
    const rest = path.slice(match[0].length)
    const providers =
      /^\/providers\/microsoft\.resources\/deployments(?:\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?)?\/?$/i.exec(
        rest
      )
    const legacy = row.legacyOperationsPath
      ? /^\/deployments\/([^/]+)\/(operations)(?:\/([^/]+))?\/?$/i.exec(rest)
      : null
    const parts = providers ?? legacy
    if (!parts) continue
    const scope = row.build(match.slice(1).map(decodeURIComponent))
    const [, name, verb, sub] = parts
    if (!name) return { scope, action: 'list' }
    const deploymentName = decodeURIComponent(name)
    if (!verb) return { scope, action: 'deployment', name: deploymentName }
    const lower = verb.toLowerCase()
    if (lower === 'operations') {
      return sub
        ? { scope, action: 'operation', name: deploymentName, subId: sub }
        : { scope, action: 'operations', name: deploymentName }
    }
    if (lower === 'operationstatuses' && sub) {
      return { scope, action: 'operationStatus', name: deploymentName, subId: sub }
    }
    const action = ACTIONS[lower]
    if (!action || sub) return undefined
    return { scope, action, name: deploymentName }
  }
  return undefined
}

export function deploymentId(scope: Scope, name: string): string {
  return `${scope.id}/providers/Microsoft.Resources/deployments/${name}`
}

/** Parses a full deployment id back into scope and name (admin cancel, reference()). */
export function parseDeploymentId(id: string): { scope: Scope; name: string } | undefined {
  const route = parseDeploymentPath(id)
  if (!route || route.action !== 'deployment' || !route.name) return undefined
  return { scope: route.scope, name: route.name }
}

/** Case-insensitive map key for ids, as ARM compares them. */
export function key(id: string): string {
  return id.toLowerCase()
}
