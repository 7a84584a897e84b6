// The basic template functions: parameters and variables, strings, logic, numbers, arrays and
// objects, reference() and copyIndex(). Semantics follow ARM's template function reference.
import { invalidExpression } from './errors.js'
import { deepMerge } from './bicep-functions.js'
import type { Fn } from './eval-context.js'
import { isArray, num, str } from './values.js'

/**
 * .NET composite formatting as ARM's format() does it: `{0}`, `{0:format}`, and `{{` / `}}`
 * for literal braces.
 */
function format(text: string, args: unknown[]): string {
  return text.replace(
    /\{\{|\}\}|\{(\d+)(?:,-?\d+)?(?::([^}]*))?\}/g,
    (match, i?: string, spec?: string) => {
      if (match === '{{') return '{'
      if (match === '}}') return '}'
      const value = args[Number(i)]
      if (typeof value === 'number' && spec) return formatNumber(value, spec)
      return str(value)
    }
  )
}

/** The numeric format strings templates use: D (zero-padded digits), N (grouped), 0-masks. */
function formatNumber(value: number, spec: string): string {
  const d = /^[dD](\d*)$/.exec(spec)
  if (d) return String(Math.trunc(value)).padStart(Number(d[1] || 0), '0')
  if (/^0+$/.test(spec)) return String(Math.trunc(value)).padStart(spec.length, '0')
  const n = /^[nN](\d*)$/.exec(spec)
  if (n) {
    const digits = Number(n[1] === '' ? 2 : n[1])
    return value.toLocaleString('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits
    })
  }
  return String(value)
}

/** json() of text that is not JSON is a template error, as in ARM (never a server error). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw invalidExpression(
      `Unable to evaluate template language function 'json': the argument is not valid JSON (${error instanceof Error ? error.message : String(error)})`
    )
  }
}

export const BASIC_FUNCTIONS: Record<string, Fn> = {
  parameters: ([name], ctx) => ctx.parameter(str(name)),
  variables: ([name], ctx) => ctx.variable(str(name)),
  concat: (args) =>
    args.every((a) => Array.isArray(a)) && args.length > 0 ? args.flat() : args.map(str).join(''),
  format: ([fmt, ...rest]) => format(str(fmt), rest),
  string: ([v]) => str(v),
  int: ([v]) => Math.trunc(num(v)),
  bool: ([v]) => (typeof v === 'string' ? v.toLowerCase() === 'true' : Boolean(v)),
  json: ([v]) => parseJson(str(v)),
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
  utcnow: () => new Date().toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z'
}
