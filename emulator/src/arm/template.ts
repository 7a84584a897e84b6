// Templates as ARM checks and expands them: parameter checks (the InvalidTemplate messages ARM
// gives), lazy parameter defaults and variables, and resources expanded into a plan (names, ids,
// copy loops, conditions, dependsOn) that the simulation runs.
import { ArmError, invalidTemplate } from './errors.js'
import {
  buildResourceId,
  copyCount,
  evaluateDeep,
  evaluateString,
  expandCopy,
  type EvalContext
} from './expressions.js'
import { deploymentId, type Scope } from './scopes.js'

export interface ParameterDefinition {
  type: string
  defaultValue?: unknown
  allowedValues?: unknown[]
  minLength?: number
  maxLength?: number
  minValue?: number
  maxValue?: number
}

export interface ResourceDefinition {
  type: string
  name: string
  apiVersion?: string
  location?: string
  condition?: unknown
  dependsOn?: string[]
  copy?: { name: string; count: unknown; mode?: string; batchSize?: unknown }
  properties?: Record<string, unknown>
  tags?: Record<string, unknown>
  sku?: unknown
  kind?: unknown
  zones?: unknown
  subscriptionId?: string
  resourceGroup?: string
  scope?: string
  resources?: ResourceDefinition[]
}

export interface Template {
  $schema?: string
  contentVersion?: string
  languageVersion?: string
  parameters?: Record<string, ParameterDefinition>
  variables?: Record<string, unknown>
  resources?: ResourceDefinition[] | Record<string, ResourceDefinition>
  outputs?: Record<
    string,
    {
      type: string
      value?: unknown
      condition?: unknown
      copy?: { count: unknown; input: unknown }
    }
  >
}

export type GivenParameters = Record<string, { value?: unknown; reference?: unknown }>

const TYPE_NAMES: Record<string, { check: (v: unknown) => boolean; label: string }> = {
  string: { check: (v) => typeof v === 'string', label: 'String' },
  securestring: { check: (v) => typeof v === 'string', label: 'String' },
  int: { check: (v) => Number.isInteger(v), label: 'Integer' },
  bool: { check: (v) => typeof v === 'boolean', label: 'Boolean' },
  object: { check: (v) => !!v && typeof v === 'object' && !Array.isArray(v), label: 'Object' },
  secureobject: {
    check: (v) => !!v && typeof v === 'object' && !Array.isArray(v),
    label: 'Object'
  },
  array: { check: (v) => Array.isArray(v), label: 'Array' }
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'Array'
  if (v === null) return 'Null'
  if (Number.isInteger(v)) return 'Integer'
  if (typeof v === 'number') return 'Float'
  return (
    { string: 'String', boolean: 'Boolean', object: 'Object' }[typeof v as string] ?? 'Undefined'
  )
}

export function isSecureType(type: string | undefined): boolean {
  return /^secure(string|object)$/i.test(type ?? '')
}

export function parseTemplate(raw: unknown): Template {
  const template = typeof raw === 'string' ? safeJson(raw) : raw
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'The template is missing or is not a JSON object.'."
    )
  }
  return template
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Checks given parameters against the template as ARM does; returns the given values by name. */
export function checkParameters(
  template: Template,
  given: GivenParameters = {}
): Record<string, unknown> {
  const defs = template.parameters ?? {}
  const defNames = Object.keys(defs)
  const unknown = Object.keys(given).filter(
    (n) => !defNames.some((d) => d.toLowerCase() === n.toLowerCase())
  )
  if (unknown.length > 0) {
    throw invalidTemplate(
      `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${defNames.join(', ')}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`
    )
  }
  const values: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(defs)) {
    const entry = Object.entries(given).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
    if (!entry || (entry.value === undefined && entry.reference === undefined)) {
      if (def.defaultValue === undefined) {
        throw invalidTemplate(
          `The value for the template parameter '${name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`
        )
      }
      continue
    }
    // A Key Vault reference resolves to a secret the emulator does not have: a placeholder.
    const value = entry.reference !== undefined ? 'emulated-key-vault-secret' : entry.value
    const kind = TYPE_NAMES[def.type?.toLowerCase()]
    if (!kind)
      throw invalidTemplate(`The template parameter '${name}' has an invalid type '${def.type}'`)
    if (!kind.check(value)) {
      throw invalidTemplate(
        `Template parameter JToken type is not valid. Expected '${kind.label}'. Actual '${jsonType(value)}'. Please see https://aka.ms/arm-create-parameter-file for usage details.`
      )
    }
    if (
      def.allowedValues &&
      !def.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value))
    ) {
      throw invalidTemplate(
        `The provided value '${typeof value === 'string' ? value : JSON.stringify(value)}' for the template parameter '${name}' is not valid. The parameter value is not part of the allowed value(s): '${def.allowedValues.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(',')}'.`
      )
    }
    checkLength(name, def, value)
    values[name] = value
  }
  return values
}

function checkLength(name: string, def: ParameterDefinition, value: unknown): void {
  const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined
  const fail = (what: string) =>
    invalidTemplate(`The provided value for the template parameter '${name}' is not valid. ${what}`)
  if (length !== undefined && def.minLength !== undefined && length < def.minLength)
    throw fail(`Length of the value should be greater than or equal to '${def.minLength}'.`)
  if (length !== undefined && def.maxLength !== undefined && length > def.maxLength)
    throw fail(`Length of the value should be less than or equal to '${def.maxLength}'.`)
  if (typeof value === 'number' && def.minValue !== undefined && value < def.minValue)
    throw fail(`Value should be greater than or equal to '${def.minValue}'.`)
  if (typeof value === 'number' && def.maxValue !== undefined && value > def.maxValue)
    throw fail(`Value should be less than or equal to '${def.maxValue}'.`)
}

export interface ContextBase extends Omit<EvalContext, 'parameter' | 'variable'> {
  /** For nested templates evaluated in the parent's scope ('outer'). */
  outer?: EvalContext
}

/** An evaluation context whose parameter defaults and variables are evaluated lazily, once. */
export function createEvalContext(
  template: Template,
  given: Record<string, unknown>,
  base: ContextBase
): EvalContext {
  const params = new Map<string, unknown>()
  const vars = new Map<string, unknown>()
  const find = <T>(record: Record<string, T> | undefined, name: string) =>
    Object.entries(record ?? {}).find(([n]) => n.toLowerCase() === name.toLowerCase())
  const ctx: EvalContext = {
    ...base,
    parameter(name) {
      if (base.outer) return base.outer.parameter(name)
      const lower = name.toLowerCase()
      if (params.has(lower)) return params.get(lower)
      const def = find(template.parameters, name)
      if (!def) throw invalidTemplate(`The template parameter '${name}' is not found`)
      const givenEntry = find(given, name)
      const value = givenEntry ? givenEntry[1] : evaluateDeep(def[1].defaultValue, ctx)
      params.set(lower, value)
      return value
    },
    variable(name) {
      if (base.outer) return base.outer.variable(name)
      const lower = name.toLowerCase()
      if (vars.has(lower)) return vars.get(lower)
      // `variables.copy`: an array of loops, each defining a variable by its name.
      const loops = Object.entries(template.variables ?? {}).find(
        ([n, v]) => n.toLowerCase() === 'copy' && Array.isArray(v)
      )?.[1] as Array<{ name?: string; count: unknown; input: unknown }> | undefined
      const loop = loops?.find((l) => l.name?.toLowerCase() === lower)
      const def = loop ? undefined : find(template.variables, name)
      if (!loop && !def) throw invalidTemplate(`The template variable '${name}' is not found`)
      const value = loop ? expandCopy(loop, ctx, loop.name ?? '') : evaluateDeep(def?.[1], ctx)
      vars.set(lower, value)
      return value
    }
  }
  return ctx
}

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
  resource.id = buildResourceId(scope.id, resource.type, resource.name.split('/'))
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
