// Template functions that apply a lambda to an array: map, filter, reduce, sort, toObject and
// groupBy (Bicep's `for`-less collection operations). The evaluator builds the Lambda values.
import { invalidExpression } from './errors.js'
import { Lambda, type Fn } from './eval-context.js'
import { str } from './values.js'

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

export const LAMBDA_FUNCTIONS: Record<string, Fn> = {
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
