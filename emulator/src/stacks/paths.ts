// Stack URLs at the three scopes the stacks OpenAPI (2025-07-01) has — resource group,
// subscription, management group — and plain resource ids (for the resource GET/DELETE that deny
// settings are enforced on). Scope prefixes come from the one scope table in ../arm/scopes.ts.
import { SCOPES, type Scope } from '../arm/scopes.js'

export type StackAction = 'list' | 'stack' | 'validate' | 'exportTemplate' | 'operationStatus'

export interface StackRoute {
  scope: Scope
  action: StackAction
  name?: string
  /** Async-operation id of `operationStatuses/{id}`. */
  subId?: string
}

const STACK_SCOPES = SCOPES.filter((row) => row.kind !== 'tenant')
const REST =
  /^\/providers\/microsoft\.resources\/deploymentstacks(?:\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?)?$/i
const VERBS: Record<string, StackAction> = {
  validate: 'validate',
  exporttemplate: 'exportTemplate'
}

/** Parses a deploymentStacks URL (case-insensitive); undefined when it is not one. */
export function parseStackPath(path: string): StackRoute | undefined {
  for (const row of STACK_SCOPES) {
    const match = row.prefix.exec(path)
    if (!match) continue
    const parts = REST.exec(path.slice(match[0].length))
    if (!parts) continue
    const scope = row.build(match.slice(1).map(decodeURIComponent))
    const [, rawName, verb, sub] = parts
    if (!rawName) return { scope, action: 'list' }
    const name = decodeURIComponent(rawName)
    if (!verb) return { scope, action: 'stack', name }
    if (verb.toLowerCase() === 'operationstatuses' && sub)
      return { scope, action: 'operationStatus', name, subId: sub }
    const action = VERBS[verb.toLowerCase()]
    return action && !sub ? { scope, action, name } : undefined
  }
  return undefined
}

/** The scope a stack's `deploymentScope` names, when it is exactly a scope id. */
export function parseScopeId(id: string): Scope | undefined {
  for (const row of STACK_SCOPES) {
    const match = row.prefix.exec(id)
    if (match && match[0].length === id.replace(/\/+$/, '').length)
      return row.build(match.slice(1).map(decodeURIComponent))
  }
  return undefined
}

export function stackId(scope: Scope, name: string): string {
  return `${scope.id}/providers/Microsoft.Resources/deploymentStacks/${name}`
}

/**
 * A resource id below a subscription or resource group (`…/providers/{ns}/{type}/{name}[/{type}/{name}]…`);
 * the resource's type (`ns/type[/type]`) and name, or undefined.
 */
export function parseResourceId(
  path: string
): { id: string; type: string; name: string; resourceGroup?: string } | undefined {
  const m =
    /^\/subscriptions\/[^/]+(?:\/resourcegroups\/([^/]+))?\/providers\/([^/]+)\/((?:[^/]+\/[^/]+)(?:\/[^/]+\/[^/]+)*)$/i.exec(
      path
    )
  if (!m) return undefined
  const segments = m[3].split('/')
  const types = segments.filter((_, i) => i % 2 === 0)
  return {
    id: path,
    type: [m[2], ...types].join('/'),
    name: decodeURIComponent(segments[segments.length - 1]),
    resourceGroup: m[1] === undefined ? undefined : decodeURIComponent(m[1])
  }
}
