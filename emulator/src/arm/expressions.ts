// ARM template language expressions ("[concat(parameters('a'), '-x')]"): a small parser and the
// functions templates and Bicep output commonly use. Unknown functions fail like ARM does.
import { invalidExpression } from './errors.js'
import { deepMerge, MORE_FUNCTIONS } from './functions.js'
import { RESOURCE_FUNCTIONS } from './resource-functions.js'
import type { Scope } from './scopes.js'

export { buildResourceId, uniqueString } from './resource-functions.js'

export interface EvalContext {
  scope: Scope
  tenantId: string
  /** Location of the resource group (RG scope) or of the deployment. */
  location: string
  deployment: { name: string; id: string; templateLink?: { uri?: string; id?: string } }
  parameter(name: string): unknown
  variable(name: string): unknown
  /** `reference(idOrName, apiVersion?, 'Full')` of an emulated resource or deployment. */
  reference(idOrName: string, full: boolean): unknown
  /** Current copy-loop indexes by loop name ('' for the resource's own loop). */
  copyIndex?: Record<string, number>
  /** Bound variables of the lambdas being applied (`lambdaVariables('x')`). */
  lambdaVariables?: Record<string, unknown>
}

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; property: Node }

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
  const parser = new Parser(text.slice(1, -1))
  const node = parser.parseAll()
  return evaluate(node, ctx)
}

class Parser {
  private pos = 0
  constructor(private readonly src: string) {}

  parseAll(): Node {
    const node = this.parseExpr()
    this.skip()
    if (this.pos !== this.src.length) this.fail(`unexpected '${this.src.slice(this.pos)}'`)
    return node
  }

  private fail(reason: string): never {
    throw invalidExpression(
      `The template language expression '${this.src}' is not valid: ${reason}`
    )
  }

  private skip(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++
  }

  private parseExpr(): Node {
    this.skip()
    let node = this.parsePrimary()
    for (;;) {
      this.skip()
      const ch = this.src[this.pos]
      if (ch === '.') {
        this.pos++
        const name = this.ident()
        node = { kind: 'member', target: node, property: { kind: 'literal', value: name } }
      } else if (ch === '[') {
        this.pos++
        const property = this.parseExpr()
        this.expect(']')
        node = { kind: 'member', target: node, property }
      } else return node
    }
  }

  private parsePrimary(): Node {
    const ch = this.src[this.pos]
    if (ch === "'") return { kind: 'literal', value: this.string() }
    if (ch !== undefined && /[-\d]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos))
      if (!m) this.fail('bad number')
      this.pos += m[0].length
      return { kind: 'literal', value: Number(m[0]) }
    }
    const name = this.ident()
    this.skip()
    // `true`, `false` and `null` are literals, or functions when called (`null()`, as Bicep writes).
    if (['true', 'false', 'null'].includes(name) && this.src[this.pos] !== '(')
      return { kind: 'literal', value: name === 'null' ? null : name === 'true' }
    this.expect('(')
    const args: Node[] = []
    this.skip()
    if (this.src[this.pos] === ')') this.pos++
    else {
      for (;;) {
        args.push(this.parseExpr())
        this.skip()
        if (this.src[this.pos] === ',') this.pos++
        else {
          this.expect(')')
          break
        }
      }
    }
    return { kind: 'call', name: name.toLowerCase(), args }
  }

  private ident(): string {
    this.skip()
    const m = /^[A-Za-z_][\w$]*/.exec(this.src.slice(this.pos))
    if (!m) this.fail(`expected a name at position ${this.pos}`)
    this.pos += m[0].length
    return m[0]
  }

  private string(): string {
    let out = ''
    this.pos++
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated string')
      const ch = this.src[this.pos++]
      if (ch === "'") {
        if (this.src[this.pos] === "'") {
          out += "'"
          this.pos++
        } else return out
      } else out += ch
    }
  }

  private expect(ch: string): void {
    this.skip()
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}' at position ${this.pos}`)
    this.pos++
  }
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
  const fn = FUNCTIONS[node.name]
  if (!fn) throw invalidExpression(`The template function '${node.name}' is not valid`)
  return fn(
    node.args.map((a) => evaluate(a, ctx)),
    ctx
  )
}

/** A `lambda('x', 'y', body)` value: applied by map, filter, reduce, sort, toObject, groupBy. */
class Lambda {
  constructor(
    readonly params: string[],
    readonly body: Node,
    readonly ctx: EvalContext
  ) {}

  apply(...values: unknown[]): unknown {
    const bound = Object.fromEntries(this.params.map((p, i) => [p.toLowerCase(), values[i]]))
    return evaluate(this.body, {
      ...this.ctx,
      lambdaVariables: { ...this.ctx.lambdaVariables, ...bound }
    })
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
    return new Lambda(params, body, ctx)
  },
  lambdavariables: ([name], ctx) => {
    const key = String(name ? evaluate(name, ctx) : '').toLowerCase()
    if (!ctx.lambdaVariables || !(key in ctx.lambdaVariables))
      throw invalidExpression(`The lambda variable '${key}' is not defined`)
    return ctx.lambdaVariables[key]
  }
}

function lambdaArg(fn: string, value: unknown): Lambda {
  if (value instanceof Lambda) return value
  throw invalidExpression(
    `Unable to evaluate template language function '${fn}': the last argument must be a lambda`
  )
}

const arrayArg = (fn: string, value: unknown): unknown[] => {
  if (Array.isArray(value)) return value
  throw invalidExpression(
    `Unable to evaluate template language function '${fn}': the first argument must be an array`
  )
}

const LAMBDA_FUNCTIONS: Record<string, Fn> = {
  map: ([array, fn]) => arrayArg('map', array).map((x, i) => lambdaArg('map', fn).apply(x, i)),
  filter: ([array, fn]) =>
    arrayArg('filter', array).filter((x, i) => !!lambdaArg('filter', fn).apply(x, i)),
  reduce: ([array, initial, fn]) =>
    arrayArg('reduce', array).reduce(
      (acc: unknown, x, i) => lambdaArg('reduce', fn).apply(acc, x, i),
      initial
    ),
  sort: ([array, fn]) =>
    [...arrayArg('sort', array)].sort((a, b) =>
      lambdaArg('sort', fn).apply(a, b) ? -1 : lambdaArg('sort', fn).apply(b, a) ? 1 : 0
    ),
  toobject: ([array, keyFn, valueFn]) =>
    Object.fromEntries(
      arrayArg('toObject', array).map((x) => [
        str(lambdaArg('toObject', keyFn).apply(x)),
        valueFn === undefined ? x : lambdaArg('toObject', valueFn).apply(x)
      ])
    ),
  groupby: ([array, keyFn]) => {
    const groups: Record<string, unknown[]> = {}
    for (const x of arrayArg('groupBy', array)) {
      const key = str(lambdaArg('groupBy', keyFn).apply(x))
      ;(groups[key] ??= []).push(x)
    }
    return groups
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

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

type Fn = (args: unknown[], ctx: EvalContext) => unknown

const num = (v: unknown): number => Number(v)
const isArray = (v: unknown): v is unknown[] => Array.isArray(v)

const FUNCTIONS: Record<string, Fn> = {
  parameters: ([name], ctx) => ctx.parameter(str(name)),
  variables: ([name], ctx) => ctx.variable(str(name)),
  concat: (args) =>
    args.every((a) => Array.isArray(a)) && args.length > 0 ? args.flat() : args.map(str).join(''),
  format: ([fmt, ...rest]) =>
    str(fmt).replace(/\{(\d+)(?::[^}]*)?\}/g, (_, i: string) => str(rest[Number(i)])),
  string: ([v]) => str(v),
  int: ([v]) => Math.trunc(num(v)),
  bool: ([v]) => (typeof v === 'string' ? v.toLowerCase() === 'true' : Boolean(v)),
  json: ([v]) => JSON.parse(str(v)) as unknown,
  tolower: ([v]) => str(v).toLowerCase(),
  toupper: ([v]) => str(v).toUpperCase(),
  replace: ([s, a, b]) => str(s).split(str(a)).join(str(b)),
  split: ([s, d]) => str(s).split(str(d)),
  substring: ([s, start, len]) =>
    str(s).substr(num(start), len === undefined ? undefined : num(len)),
  length: ([v]) =>
    Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v ?? {}).length,
  first: ([v]) => (isArray(v) ? v[0] : str(v)[0]),
  last: ([v]) => (isArray(v) ? v[v.length - 1] : str(v).slice(-1)),
  take: ([v, n]) => (isArray(v) ? v.slice(0, num(n)) : str(v).slice(0, num(n))),
  skip: ([v, n]) => (isArray(v) ? v.slice(num(n)) : str(v).slice(num(n))),
  // Strings compare case-sensitively, object keys case-insensitively (ARM's reference).
  contains: ([c, v]) =>
    Array.isArray(c)
      ? c.some((x) => JSON.stringify(x) === JSON.stringify(v))
      : typeof c === 'string'
        ? c.includes(str(v))
        : Object.keys(c ?? {}).some((k) => k.toLowerCase() === str(v).toLowerCase()),
  empty: ([v]) =>
    v === null ||
    v === '' ||
    (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0),
  equals: ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
  not: ([a]) => !a,
  and: (args) => args.every(Boolean),
  or: (args) => args.some(Boolean),
  coalesce: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
  add: ([a, b]) => num(a) + num(b),
  sub: ([a, b]) => num(a) - num(b),
  mul: ([a, b]) => num(a) * num(b),
  div: ([a, b]) => Math.trunc(num(a) / num(b)),
  mod: ([a, b]) => num(a) % num(b),
  min: (args) => Math.min(...args.flat().map(num)),
  max: (args) => Math.max(...args.flat().map(num)),
  createarray: (args) => args,
  createobject: (args) =>
    Object.fromEntries(args.flatMap((a, i) => (i % 2 === 0 ? [[str(a), args[i + 1]]] : []))),
  union: (args) =>
    args.every(Array.isArray)
      ? [...new Set(args.flat().map((a) => JSON.stringify(a)))].map((a) => JSON.parse(a) as unknown)
      : deepMerge(args.filter((a): a is Record<string, unknown> => !!a && typeof a === 'object')),
  uri: ([base, relative]) => new URL(str(relative), str(base)).toString(),
  uricomponent: ([v]) => encodeURIComponent(str(v)),
  uricomponenttostring: ([v]) => decodeURIComponent(str(v)),
  reference: ([target, , full], ctx) =>
    ctx.reference(str(target), str(full ?? '').toLowerCase() === 'full'),
  copyindex: (args, ctx) => {
    const loop = typeof args[0] === 'string' ? args[0] : ''
    const offset = typeof args[0] === 'number' ? args[0] : num(args[1] ?? 0)
    const index = ctx.copyIndex?.[loop]
    if (index === undefined)
      throw invalidExpression("The template function 'copyIndex' is not expected at this location")
    return index + offset
  },
  range: ([start, count]) => Array.from({ length: num(count) }, (_, i) => num(start) + i),
  utcnow: () => new Date().toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z',
  ...MORE_FUNCTIONS,
  ...RESOURCE_FUNCTIONS,
  ...LAMBDA_FUNCTIONS
}
