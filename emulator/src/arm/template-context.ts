// The evaluation context of a template: parameter defaults and variables evaluated lazily, once,
// the way ARM resolves them in any order of use.
import { invalidTemplate } from './errors.js'
import { evaluateDeep, expandCopy, type EvalContext } from './expressions.js'
import type { Template } from './template.js'

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
      // A nullable parameter without a default (and not given) is null.
      const value = givenEntry
        ? givenEntry[1]
        : def[1].defaultValue === undefined
          ? null
          : evaluateDeep(def[1].defaultValue, ctx)
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
