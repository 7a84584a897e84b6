// What-if: the template's resources compared with what earlier deployments in the emulator
// created. Create / Modify (with property deltas) / NoChange, and Delete (complete mode) or
// Ignore (incremental) for resources in the scope that the template does not mention.
import { evaluateDeep, type EvalContext } from './expressions.js'
import { key, type Scope } from './scopes.js'
import type { Evaluator } from './evaluation.js'
import type { LinkedContent, ParametersLink, TemplateLink } from './linked-content.js'
import type { DeploymentRequest, EmulatedResource, Store } from './store.js'
import { DEPLOYMENTS_TYPE, planResources, type PlannedResource } from './resource-plan.js'
import { isSecureType, parseTemplate, type GivenParameters, type Template } from './template.js'

export interface WhatIfChange {
  resourceId: string
  changeType: 'Create' | 'Delete' | 'Ignore' | 'NoChange' | 'Modify'
  before?: unknown
  after?: unknown
  delta?: PropertyChange[]
}

export interface PropertyChange {
  path: string
  propertyChangeType: 'Create' | 'Delete' | 'Modify' | 'Array'
  before?: unknown
  after?: unknown
}

/**
 * What-if masks every property whose expression reads a secureString/secureObject parameter, on
 * both sides of the comparison (arm-template-whatif #167, #235: `before` and `after` both
 * `"*******"`), so a secret is never shown and a write-only one (a connection's sharedKey, which
 * GET does not return) is not a change on every run.
 */
export const MASKED = '*******'

/** Names (lower case) of the template's secure parameters. */
export function secureParameters(template: Template): Set<string> {
  return new Set(
    Object.entries(template.parameters ?? {})
      .filter(([, def]) => isSecureType(def.type))
      .map(([name]) => name.toLowerCase())
  )
}

/** Replaces expressions that read a secure parameter with the mask, before evaluation. */
function maskSecure(value: unknown, secure: Set<string>): unknown {
  if (secure.size === 0) return value
  if (typeof value === 'string') {
    const reads = [...value.matchAll(/parameters\(\s*'([^']+)'\s*\)/gi)].some((m) =>
      secure.has(m[1].toLowerCase())
    )
    return value.startsWith('[') && !value.startsWith('[[') && reads ? MASKED : value
  }
  if (Array.isArray(value)) return value.map((v) => maskSecure(v, secure))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecure(v, secure)]))
  return value
}

function desired(
  resource: PlannedResource,
  ctx: EvalContext,
  secure: Set<string>
): Record<string, unknown> {
  const local = { ...ctx, copyIndex: resource.copyIndex }
  const def = resource.definition
  // reference() of resources not yet deployed cannot be known before the deployment: ARM
  // shows such values as unknown; the emulator leaves the raw expression.
  const safe = (v: unknown) => {
    try {
      return evaluateDeep(v, local)
    } catch {
      return v
    }
  }
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type,
    ...(def.apiVersion ? { apiVersion: def.apiVersion } : {}),
    ...(def.location !== undefined ? { location: safe(def.location) } : {}),
    ...(def.tags !== undefined ? { tags: safe(def.tags) } : {}),
    ...(def.sku !== undefined ? { sku: safe(def.sku) } : {}),
    properties: safe(maskSecure(def.properties ?? {}, secure))
  }
}

function current(resource: EmulatedResource): Record<string, unknown> {
  const { deploymentId: _deploymentId, ...body } = resource
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
}

/** Property-level differences, only for what the template sets (read-only provider values stay). */
export function diff(before: unknown, after: unknown, path = ''): PropertyChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  // A secret is compared masked: what-if cannot tell one secret (or a write-only one) from another.
  if (after === MASKED) return []
  if (before === undefined) return [{ path, propertyChangeType: 'Create', after }]
  if (after === undefined) return []
  if (isObject(before) && isObject(after)) {
    return Object.keys(after).flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k))
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Items the provider enriched (ids on subnets and ip configurations) are unchanged when
    // everything the template sets is the same.
    const same =
      before.length === after.length && after.every((a, i) => diff(before[i], a).length === 0)
    return same ? [] : [{ path, propertyChangeType: 'Array', before, after }]
  }
  return [{ path, propertyChangeType: 'Modify', before, after }]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/** A module's template and evaluation context, when what-if can see into it (inline templates). */
export type NestedResolver = (
  resource: PlannedResource,
  parent: EvalContext
) =>
  { template: Template; ctx: EvalContext; scope: Scope; mode: string; inner: boolean } | undefined

export function whatIf(
  template: Template,
  ctx: EvalContext,
  scope: Scope,
  mode: string,
  store: Store,
  nested?: NestedResolver
): WhatIfChange[] {
  const changes = predict(template, ctx, scope, mode, store, secureParameters(template), nested)
  // A resource a module deploys is not "left out" by the parent that does not mention it.
  const deployed = new Set(
    changes
      .filter((c) => c.changeType !== 'Ignore' && c.changeType !== 'Delete')
      .map((c) => key(c.resourceId))
  )
  const seen = new Set<string>()
  return changes.filter((c) => {
    const id = key(c.resourceId)
    if ((c.changeType === 'Ignore' || c.changeType === 'Delete') && deployed.has(id)) return false
    if (seen.has(`${c.changeType} ${id}`)) return false
    seen.add(`${c.changeType} ${id}`)
    return true
  })
}

function predict(
  template: Template,
  ctx: EvalContext,
  scope: Scope,
  mode: string,
  store: Store,
  secure: Set<string>,
  nested?: NestedResolver
): WhatIfChange[] {
  const all = planResources(template, ctx)
  // `existing` resources are read, not deployed: no change to show.
  const plan = all.filter(
    (r) => r.type.toLowerCase() !== DEPLOYMENTS_TYPE && !r.definition.existing
  )
  const changes: WhatIfChange[] = plan.map((resource) => change(resource, ctx, store, secure))
  for (const module of all.filter((r) => r.type.toLowerCase() === DEPLOYMENTS_TYPE)) {
    const child = nested?.(module, ctx)
    if (!child) continue
    // An 'inner' module has its own parameters; an 'outer' one reads the parent's.
    const childSecure = child.inner ? secureParameters(child.template) : secure
    changes.push(
      ...predict(child.template, child.ctx, child.scope, child.mode, store, childSecure, nested)
    )
  }
  const wanted = new Set(all.map((r) => key(r.id)))
  for (const existing of store.resourcesIn(scope.id)) {
    if (wanted.has(key(existing.id))) continue
    const complete = mode.toLowerCase() === 'complete' && scope.kind === 'resourceGroup'
    changes.push({
      resourceId: existing.id,
      changeType: complete ? 'Delete' : 'Ignore',
      ...(complete ? { before: current(existing) } : {})
    })
  }
  return changes
}

function change(
  resource: PlannedResource,
  ctx: EvalContext,
  store: Store,
  secure: Set<string>
): WhatIfChange {
  const after = desired(resource, ctx, secure)
  const existing = store.resources.get(key(resource.id))
  if (!existing) return { resourceId: resource.id, changeType: 'Create', after }
  const before = withMasks(current(existing), after)
  const delta = diff(
    {
      location: before.location,
      tags: before.tags,
      sku: before.sku,
      properties: before.properties
    },
    { location: after.location, tags: after.tags, sku: after.sku, properties: after.properties }
  )
  const merged = {
    ...before,
    ...after,
    properties: { ...existing.properties, ...(after.properties as object) }
  }
  return delta.length === 0
    ? { resourceId: resource.id, changeType: 'NoChange', before, after: merged }
    : { resourceId: resource.id, changeType: 'Modify', before, after: merged, delta }
}

/** `before` shows a masked secret as masked too (the provider holds a value what-if cannot show). */
function withMasks(before: Record<string, unknown>, after: unknown): Record<string, unknown> {
  if (!isObject(after)) return before
  const out = { ...before }
  for (const [k, v] of Object.entries(after)) {
    if (v === MASKED) out[k] = MASKED
    else if (isObject(v) && isObject(out[k])) out[k] = withMasks(out[k], v)
  }
  return out
}

/**
 * What-if's view into modules with inline or linked templates (`links`, relative to `parentUri`);
 * undefined when one cannot be known yet.
 */
export function moduleResolver(
  evaluator: Evaluator,
  location?: string,
  links?: LinkedContent,
  parentUri?: string
): NestedResolver {
  return (module, outer) => {
    // The module's own copy loop index (a copy loop of modules, as the example's spokes).
    const parent = { ...outer, copyIndex: module.copyIndex }
    const props = module.definition.properties ?? {}
    if ((!props.template && !(props.templateLink && links)) || !module.childScope) return undefined
    const options = props.expressionEvaluationOptions as { scope?: unknown } | undefined
    const inner =
      !!props.templateLink ||
      (typeof options?.scope === 'string' && options.scope.toLowerCase() === 'inner')
    try {
      const linked =
        props.templateLink && links
          ? links.template(evaluateDeep(props.templateLink, parent) as TemplateLink, parentUri)
          : undefined
      const template = parseTemplate(linked ? linked.template : props.template)
      const parametersLink = props.parametersLink
        ? (evaluateDeep(props.parametersLink, parent) as ParametersLink)
        : undefined
      const parameters = (
        parametersLink && links
          ? links.parameters(parametersLink).parameters
          : inner
            ? evaluateDeep(props.parameters ?? {}, parent)
            : {}
      ) as GivenParameters
      const mode: DeploymentRequest['mode'] =
        typeof props.mode === 'string' && props.mode.toLowerCase() === 'complete'
          ? 'Complete'
          : 'Incremental'
      const request: DeploymentRequest = { template, parameters, mode }
      const ctx = evaluator.evalContext(
        { id: module.id, name: module.name, scope: module.childScope, location, request },
        inner ? undefined : parent
      )
      return { template, ctx, scope: module.childScope, mode, inner }
    } catch {
      return undefined
    }
  }
}
