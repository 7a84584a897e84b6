// A template's resources expanded into a plan the simulation runs: names, ids, copy loops
// (serial batches too), conditions, child resources, dependsOn, and the scope of each nested
// deployment.
import { buildResourceId } from './resource-functions.js'
import { copyCount, evaluateDeep, evaluateString, type EvalContext } from './expressions.js'
import { deploymentId, type Scope } from './scopes.js'
import type { ResourceDefinition, Template } from './template.js'

export interface PlannedResource {
  /** Symbolic name (languageVersion 2.0) or the copy loop name. */
  symbolicName?: string
  copyName?: string
  name: string
  type: string
  apiVersion?: string
  id: string
  dependsOn: string[]
  definition: ResourceDefinition
  copyIndex?: Record<string, number>
  /** For Microsoft.Resources/deployments: the scope the child deployment runs at. */
  childScope?: Scope
}

export const DEPLOYMENTS_TYPE = 'microsoft.resources/deployments'

function resourceList(template: Template): Array<[string | undefined, ResourceDefinition]> {
  const resources = template.resources ?? []
  if (Array.isArray(resources)) return resources.map((r) => [undefined, r])
  return Object.entries(resources)
}

/** Expands the template's resources (copy loops, conditions, child resources) into a plan. */
export function planResources(template: Template, ctx: EvalContext): PlannedResource[] {
  const plan: PlannedResource[] = []
  const add = (symbolic: string | undefined, def: ResourceDefinition, parent?: PlannedResource) => {
    const count = def.copy ? copyCount(def.copy.count, ctx) : 1
    const copies: PlannedResource[] = []
    for (let i = 0; i < count; i++) {
      const copyIndex = def.copy ? { ...ctx.copyIndex, '': i, [def.copy.name]: i } : ctx.copyIndex
      const local: EvalContext = { ...ctx, copyIndex }
      if (def.condition !== undefined && !evaluateDeep(def.condition, local)) continue
      const name = String(evaluateString(def.name, local))
      const type = parent ? `${parent.type}/${def.type}` : def.type
      const fullName = parent ? `${parent.name}/${name}` : name
      const resource: PlannedResource = {
        symbolicName: symbolic,
        copyName: def.copy?.name,
        name: fullName,
        type,
        apiVersion: def.apiVersion,
        id: '',
        dependsOn: (def.dependsOn ?? []).map((d) => String(evaluateString(d, local))),
        definition: def,
        copyIndex
      }
      placeResource(resource, ctx.scope, local)
      if (symbolic)
        ctx.symbols?.set((def.copy ? `${symbolic}[${i}]` : symbolic).toLowerCase(), resource.id)
      plan.push(resource)
      copies.push(resource)
      for (const child of def.resources ?? []) add(undefined, child, resource)
    }
    if (def.copy && String(def.copy.mode ?? '').toLowerCase() === 'serial')
      serialize(copies, def.copy, ctx)
  }
  for (const [symbolic, def] of resourceList(template)) add(symbolic, def)
  return plan
}

/** A serial copy loop runs in batches of `batchSize` (default 1): each waits for the one before. */
function serialize(
  copies: PlannedResource[],
  copy: NonNullable<ResourceDefinition['copy']>,
  ctx: EvalContext
): void {
  const size = copy.batchSize === undefined ? 1 : Number(evaluateDeep(copy.batchSize, ctx))
  const batch = Number.isInteger(size) && size > 0 ? size : 1
  for (let i = batch; i < copies.length; i++) {
    const start = (Math.floor(i / batch) - 1) * batch
    for (const before of copies.slice(start, start + batch)) copies[i].dependsOn.push(before.id)
  }
}

function placeResource(resource: PlannedResource, scope: Scope, ctx: EvalContext): void {
  const def = resource.definition
  const type = resource.type.toLowerCase()
  if (type === DEPLOYMENTS_TYPE) {
    resource.childScope = childScope(def, scope, ctx)
    resource.id = deploymentId(resource.childScope, resource.name)
    return
  }
  if (type === 'microsoft.resources/resourcegroups' && scope.subscriptionId) {
    resource.id = `/subscriptions/${scope.subscriptionId}/resourceGroups/${resource.name}`
    return
  }
  // An extension resource (lock, role assignment, diagnostic setting) lives under its `scope`:
  // a full id, or one relative to the deployment's scope ('Microsoft.Network/vnets/x').
  if (def.scope !== undefined) {
    const target = String(evaluateString(def.scope, ctx))
    const base = target.startsWith('/') ? target : `${scope.id}/providers/${target}`
    resource.id = buildResourceId(base, resource.type, resource.name.split('/'))
    return
  }
  // An `existing` resource may be in another group or subscription.
  const home = def.resourceGroup || def.subscriptionId ? childScope(def, scope, ctx) : scope
  resource.id = buildResourceId(home.id, resource.type, resource.name.split('/'))
}

/** Where a nested deployment runs: subscriptionId/resourceGroup properties or `scope`. */
function childScope(def: ResourceDefinition, parent: Scope, ctx: EvalContext): Scope {
  const sub = def.subscriptionId ? String(evaluateString(def.subscriptionId, ctx)) : undefined
  const rg = def.resourceGroup ? String(evaluateString(def.resourceGroup, ctx)) : undefined
  if (def.scope) {
    const target = String(evaluateString(def.scope, ctx))
    const mg = /managementGroups\/([^/]+)$/i.exec(target)
    if (mg)
      return {
        kind: 'managementGroup',
        managementGroupId: mg[1],
        id: `/providers/Microsoft.Management/managementGroups/${mg[1]}`
      }
    if (target === '/' || target === '') return { kind: 'tenant', id: '' }
    const s = /^\/?subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i.exec(target)
    if (s) return scopeFor(s[1], s[2])
  }
  if (rg) return scopeFor(sub ?? parent.subscriptionId ?? '', rg)
  if (sub) return scopeFor(sub)
  return parent
}

function scopeFor(sub: string, rg?: string): Scope {
  return rg
    ? {
        kind: 'resourceGroup',
        subscriptionId: sub,
        resourceGroup: rg,
        id: `/subscriptions/${sub}/resourceGroups/${rg}`
      }
    : { kind: 'subscription', subscriptionId: sub, id: `/subscriptions/${sub}` }
}

/** True when dependsOn entry `dep` names `target` (by id, type/name, name, symbolic or loop name). */
export function dependencyMatches(dep: string, target: PlannedResource): boolean {
  const d = dep.toLowerCase()
  if (d === target.id.toLowerCase() || d === target.name.toLowerCase()) return true
  if (target.symbolicName && d === target.symbolicName.toLowerCase()) return true
  if (target.copyName && d === target.copyName.toLowerCase()) return true
  return (
    d === `${target.type}/${target.name}`.toLowerCase() ||
    target.id.toLowerCase().endsWith(d.startsWith('/') ? d : `/${d}`)
  )
}
