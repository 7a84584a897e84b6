// ARM template language expressions ("[concat(parameters('a'), '-x')]") evaluated against a
// context: the parser is expression-parser.ts, the functions are the *-functions.ts libraries
// gathered in functions.ts. Unknown functions fail like ARM does.
import { ArmError, invalidExpression } from './errors.js'
import { Lambda, type EvalContext } from './eval-context.js'
import { parseExpression, type Node } from './expression-parser.js'
import { lookupFunction } from './functions.js'

export type { EvalContext } from './eval-context.js'

/**
 * Evaluates every expression string inside a JSON value (objects and arrays recursively). An
 * object's `copy` array of `{name, count, input}` is a property loop: each becomes an array
 * property `name` of `count` evaluated inputs, with `copyIndex('name')` counting.
 */
export function evaluateDeep(value: unknown, ctx: EvalContext): unknown {
  if (typeof value === 'string') return evaluateString(value, ctx)
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, ctx))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (k.toLowerCase() === 'copy' && isPropertyCopy(v)) {
        for (const loop of v) out[loop.name] = expandCopy(loop, ctx, loop.name)
        continue
      }
      out[evaluateString(k, ctx) as string] = evaluateDeep(v, ctx)
    }
    return out
  }
  return value
}

export interface CopyLoop {
  name: string
  count: unknown
  input: unknown
}

function isPropertyCopy(value: unknown): value is CopyLoop[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (l) =>
        !!l &&
        typeof l === 'object' &&
        typeof (l as CopyLoop).name === 'string' &&
        'count' in l &&
        'input' in l
    )
  )
}

/** The evaluated count of a copy loop, checked as ARM does (a non-negative integer, at most 800). */
export function copyCount(count: unknown, ctx: EvalContext): number {
  const n = Number(evaluateDeep(count, ctx))
  if (!Number.isInteger(n) || n < 0 || n > 800) {
    throw invalidExpression(
      `The copy count '${String(count)}' is not valid: it must be an integer from 0 to 800`
    )
  }
  return n
}

/** A property, variable or output loop: `count` copies of `input`, `copyIndex(loopName)` counting. */
export function expandCopy(
  loop: { count: unknown; input?: unknown },
  ctx: EvalContext,
  loopName: string
): unknown[] {
  return Array.from({ length: copyCount(loop.count, ctx) }, (_, i) =>
    evaluateDeep(loop.input, { ...ctx, copyIndex: { ...ctx.copyIndex, [loopName]: i } })
  )
}

export function isExpression(text: string): boolean {
  return text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[')
}

export function evaluateString(text: string, ctx: EvalContext): unknown {
  if (text.startsWith('[[')) return text.slice(1)
  if (!isExpression(text)) return text
  return evaluate(parseExpression(text.slice(1, -1)), ctx)
}

function evaluate(node: Node, ctx: EvalContext): unknown {
  if (node.kind === 'literal') return node.value
  if (node.kind === 'member') {
    const target = evaluate(node.target, ctx)
    const property = evaluate(node.property, ctx)
    return member(target, property)
  }
  const special = SPECIAL_FORMS[node.name]
  if (special) return special(node.args, ctx)
  const fn = lookupFunction(node.name)
  if (!fn) throw invalidExpression(`The template function '${node.name}' is not valid`)
  const args = node.args.map((a) => evaluate(a, ctx))
  try {
    return fn(args, ctx)
  } catch (error) {
    // A function that fails on its arguments is a template error, never a server error.
    if (error instanceof ArmError) throw error
    throw invalidExpression(
      `Unable to evaluate template language function '${node.name}': ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

/** Functions that decide which arguments to evaluate (ARM's `if` evaluates one branch only). */
const SPECIAL_FORMS: Record<string, (args: Node[], ctx: EvalContext) => unknown> = {
  if: ([condition, yes, no], ctx) => {
    if (!condition || !yes || !no)
      throw invalidExpression("The template function 'if' expects exactly three parameters")
    return evaluate(evaluate(condition, ctx) ? yes : no, ctx)
  },
  lambda: (args, ctx) => {
    const body = args[args.length - 1]
    const params = args.slice(0, -1).map((a) => evaluate(a, ctx))
    if (!body || !params.every((p): p is string => typeof p === 'string'))
      throw invalidExpression("The template function 'lambda' expects variable names and a body")
    return new Lambda(params, (values) => {
      const bound = Object.fromEntries(params.map((p, i) => [p.toLowerCase(), values[i]]))
      return evaluate(body, { ...ctx, lambdaVariables: { ...ctx.lambdaVariables, ...bound } })
    })
  },
  lambdavariables: ([name], ctx) => {
    const key = String(name ? evaluate(name, ctx) : '').toLowerCase()
    if (!ctx.lambdaVariables || !(key in ctx.lambdaVariables))
      throw invalidExpression(`The lambda variable '${key}' is not defined`)
    return ctx.lambdaVariables[key]
  }
}

function member(target: unknown, property: unknown): unknown {
  if (Array.isArray(target) && typeof property === 'number') {
    if (property < 0 || property >= target.length)
      throw invalidExpression(
        `The language expression property array index '${property}' is out of bounds`
      )
    return target[property]
  }
  if (target && typeof target === 'object' && typeof property === 'string') {
    const entry = Object.entries(target).find(([k]) => k.toLowerCase() === property.toLowerCase())
    if (!entry) {
      const available = Object.keys(target).join(', ')
      throw invalidExpression(
        `The language expression property '${property}' doesn't exist, available properties are '${available}'`
      )
    }
    return entry[1]
  }
  throw invalidExpression(
    `The language expression property '${String(property)}' can't be evaluated`
  )
}

/** True for a function the engine evaluates (`list*` resource functions included). */
export function isKnownFunction(name: string): boolean {
  const lower = name.toLowerCase()
  return lower in SPECIAL_FORMS || lookupFunction(lower) !== undefined
}
