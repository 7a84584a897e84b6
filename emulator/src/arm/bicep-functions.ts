// Template functions Bicep commonly emits beyond the basics in basic-functions.ts: collections
// (`items` for `for x in items(obj)`, `tryGet` for `.?`, `indexFromEnd` for `[^1]`), comparisons
// and strings. Ids and the deployment's environment are in resource-functions.ts. Semantics follow the ARM function reference
// (case-insensitive where ARM is, e.g. startsWith and object keys in contains).
import { randomUUID } from 'node:crypto'
import { invalidExpression } from './errors.js'
import type { Fn } from './eval-context.js'
import { isArray, isObject, num, property, str } from './values.js'

function compare(fn: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  throw invalidExpression(
    `Unable to evaluate template language function '${fn}': the arguments must both be integers or both be strings`
  )
}

/** `union` of objects: later values win; nested objects merge recursively, arrays do not. */
export function deepMerge(objects: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const obj of objects) {
    for (const [k, v] of Object.entries(obj)) {
      const existing = property(out, k)
      if (existing && isObject(existing[1]) && isObject(v)) {
        out[existing[0]] = deepMerge([existing[1], v])
      } else {
        if (existing) delete out[existing[0]]
        out[k] = v
      }
    }
  }
  return out
}

function indexOf(fn: string, container: unknown, item: unknown, last: boolean): number {
  if (isArray(container)) {
    const at = (x: unknown) => JSON.stringify(x) === JSON.stringify(item)
    return last ? container.findLastIndex(at) : container.findIndex(at)
  }
  if (typeof container !== 'string')
    throw invalidExpression(`Unable to evaluate template language function '${fn}'`)
  const [c, i] = [container.toLowerCase(), str(item).toLowerCase()]
  return last ? c.lastIndexOf(i) : c.indexOf(i)
}

function fromEnd(array: unknown, index: unknown, fn: string): unknown {
  if (!isArray(array) || !Number.isInteger(index) || num(index) < 1)
    throw invalidExpression(`Unable to evaluate template language function '${fn}'`)
  return array[array.length - num(index)]
}

export const BICEP_FUNCTIONS: Record<string, Fn> = {
  // `for x in items(obj)`: [{key, value}], sorted by key as ARM does.
  items: ([obj]) => {
    if (!isObject(obj))
      throw invalidExpression(
        "Unable to evaluate template language function 'items': the argument must be an object"
      )
    return Object.entries(obj)
      .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .map(([key, value]) => ({ key, value }))
  },
  objectkeys: ([obj]) => Object.keys(isObject(obj) ? obj : {}),
  array: ([v]) => (isArray(v) ? v : [v]),
  flatten: ([v]) => (isArray(v) ? v.flat() : []),
  shallowmerge: ([list]) =>
    Object.assign({}, ...(isArray(list) ? list : [])) as Record<string, unknown>,
  intersection: (args) => {
    const arrays = args.filter(isArray)
    if (arrays.length === args.length) {
      const [first = [], ...rest] = arrays
      return first.filter((x) =>
        rest.every((r) => r.some((y) => JSON.stringify(x) === JSON.stringify(y)))
      )
    }
    const [first, ...rest] = args.filter(isObject)
    return Object.fromEntries(
      Object.entries(first ?? {}).filter(([k, v]) =>
        rest.every((r) => JSON.stringify(property(r, k)?.[1]) === JSON.stringify(v))
      )
    )
  },
  // `obj.?a.b` and `arr[?0]`: null instead of an error when absent.
  tryget: ([target, ...path]) => {
    let value: unknown = target
    for (const key of path) {
      if (isArray(value) && typeof key === 'number') value = value[key]
      else if (isObject(value) && typeof key === 'string') value = property(value, key)?.[1]
      else value = undefined
      if (value === undefined || value === null) return null
    }
    return value
  },
  // `arr[^1]`
  indexfromend: ([array, index]) => fromEnd(array, index, 'indexFromEnd'),
  tryindexfromend: ([array, index]) =>
    isArray(array) && num(index) >= 1 && num(index) <= array.length
      ? array[array.length - num(index)]
      : null,
  join: ([array, delimiter]) => (isArray(array) ? array.map(str).join(str(delimiter)) : ''),
  indexof: ([c, i]) => indexOf('indexOf', c, i, false),
  lastindexof: ([c, i]) => indexOf('lastIndexOf', c, i, true),
  startswith: ([s, v]) => str(s).toLowerCase().startsWith(str(v).toLowerCase()),
  endswith: ([s, v]) => str(s).toLowerCase().endsWith(str(v).toLowerCase()),
  trim: ([s]) => str(s).trim(),
  padleft: ([v, width, pad]) =>
    (typeof v === 'number' ? String(v) : str(v)).padStart(
      num(width),
      pad === undefined ? ' ' : str(pad)
    ),
  base64: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
  base64tostring: ([s]) => Buffer.from(str(s), 'base64').toString('utf8'),
  base64tojson: ([s]) => JSON.parse(Buffer.from(str(s), 'base64').toString('utf8')) as unknown,
  datauri: ([s]) => `data:text/plain;charset=utf8;base64,${Buffer.from(str(s)).toString('base64')}`,
  greater: ([a, b]) => compare('greater', a, b) > 0,
  greaterorequals: ([a, b]) => compare('greaterOrEquals', a, b) >= 0,
  less: ([a, b]) => compare('less', a, b) < 0,
  lessorequals: ([a, b]) => compare('lessOrEquals', a, b) <= 0,
  // Bicep spells the literals null, true and false as functions.
  null: () => null,
  true: () => true,
  false: () => false,
  newguid: () => randomUUID()
}
