// The template function library by name (lower case): each concern has its own module.
import { BASIC_FUNCTIONS } from './basic-functions.js'
import { BICEP_FUNCTIONS } from './bicep-functions.js'
import type { Fn } from './eval-context.js'
import { LAMBDA_FUNCTIONS } from './lambda-functions.js'
import { listFunction } from './list-functions.js'
import { RESOURCE_FUNCTIONS } from './resource-functions.js'

const FUNCTIONS: Record<string, Fn> = {
  ...BASIC_FUNCTIONS,
  ...BICEP_FUNCTIONS,
  ...RESOURCE_FUNCTIONS,
  ...LAMBDA_FUNCTIONS
}

/** The function called `name` (lower case): the library, or a list*() resource function. */
export function lookupFunction(name: string): Fn | undefined {
  return FUNCTIONS[name] ?? (name.startsWith('list') ? listFunction(name) : undefined)
}
