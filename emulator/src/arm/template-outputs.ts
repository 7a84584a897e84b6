// A finished deployment's outputs, as ARM evaluates them: conditions, output loops, and each value
// checked against its declared (or user-defined) type.
import { evaluateDeep, expandCopy, type EvalContext } from './expressions.js'
import { normalizeType } from './records.js'
import type { Template } from './template.js'
import { checkValue, resolveType } from './template-types.js'

export function evaluateOutputs(
  template: Template,
  evalCtx: EvalContext
): Record<string, { type: string; value: unknown }> {
  const outputs: Record<string, { type: string; value: unknown }> = {}
  for (const [name, def] of Object.entries(template.outputs ?? {})) {
    if (def.condition !== undefined && !evaluateDeep(def.condition, evalCtx)) continue
    // An output loop (`copy: {count, input}`) counts with copyIndex().
    const value = def.copy ? expandCopy(def.copy, evalCtx, '') : evaluateDeep(def.value, evalCtx)
    checkValue(template, def, value, `output '${name}'`)
    outputs[name] = { type: normalizeType(resolveType(template, def).type ?? 'Object'), value }
  }
  return outputs
}
