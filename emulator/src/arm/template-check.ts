// The checks ARM runs on a template at the PUT, before anything is deployed: the `$schema` fits
// the deployment's scope, user-defined types resolve, and every expression parses and calls only
// functions that exist (an unknown function in outputs fails the PUT, not the deployment).
import { invalidTemplate } from './errors.js'
import { parseExpression, type Node } from './expression-parser.js'
import { isExpression, isKnownFunction } from './expressions.js'
import { scopeRow, type Scope } from './scopes.js'
import type { Template } from './template.js'
import { checkDefinitions } from './template-types.js'

export function checkTemplate(template: Template, scope: Scope): void {
  checkSchema(template, scope)
  checkDefinitions(template)
  checkFunctions(template)
}

/** A scope-specific schema sent to another scope (e.g. a subscription template to a group). */
function checkSchema(template: Template, scope: Scope): void {
  const file = /\/([a-z]*deploymenttemplate\.json)/i.exec(template.$schema ?? '')?.[1]
  if (!file) return
  const wanted = scopeRow(scope.kind).templateSchema
  // deploymentTemplate.json is taken at any scope (nested templates use it); a scope-named
  // schema must be the one of the scope it is sent to.
  if (file.toLowerCase() === wanted.toLowerCase() || /^deploymenttemplate\.json$/i.test(file))
    return
  throw invalidTemplate(
    `Template schema '${template.$schema}' is not supported for a deployment at this scope: a ${scope.kind} deployment takes '${wanted}'. Please see https://aka.ms/arm-template for usage details`
  )
}

function checkFunctions(template: Template): void {
  const sections: Array<[string, Record<string, unknown> | unknown[] | undefined]> = [
    ['variable', template.variables],
    ['resource', template.resources],
    ['output', template.outputs]
  ]
  for (const [kind, section] of sections) {
    for (const [name, value] of Object.entries(section ?? {})) {
      const label = kind === 'resource' ? resourceLabel(name, value) : name
      const bad = unknownFunction(value)
      if (bad) {
        throw invalidTemplate(
          `The template ${kind} '${label}' is not valid: The template function '${bad}' is not valid. Please see https://aka.ms/arm-functions for usage details.`
        )
      }
    }
  }
}

function resourceLabel(key: string, value: unknown): string {
  const name = (value as { name?: unknown } | null)?.name
  return /^\d+$/.test(key) && typeof name === 'string' ? name : key
}

/** The first unknown function called anywhere in `value`; nested templates are checked when they run. */
function unknownFunction(value: unknown, parentKey = ''): string | undefined {
  if (typeof value === 'string') {
    if (!isExpression(value)) return undefined
    return firstUnknown(parseExpression(value.slice(1, -1)))
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = unknownFunction(v)
      if (bad) return bad
    }
    return undefined
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.toLowerCase() === 'template' && parentKey.toLowerCase() === 'properties') continue
      const bad = unknownFunction(k) ?? unknownFunction(v, k)
      if (bad) return bad
    }
  }
  return undefined
}

function firstUnknown(node: Node): string | undefined {
  if (node.kind === 'literal') return undefined
  if (node.kind === 'member') return firstUnknown(node.target) ?? firstUnknown(node.property)
  if (!isKnownFunction(node.name)) return node.name
  for (const arg of node.args) {
    const bad = firstUnknown(arg)
    if (bad) return bad
  }
  return undefined
}
