// The template function library by name (lower case): each concern has its own module.
import { BASIC_FUNCTIONS } from './basic-functions.js'
import { BICEP_FUNCTIONS } from './bicep-functions.js'
import type { Fn } from './eval-context.js'
import { LAMBDA_FUNCTIONS } from './lambda-functions.js'
import { RESOURCE_FUNCTIONS } from './resource-functions.js'

export const FUNCTIONS: Record<string, Fn> = {
  ...BASIC_FUNCTIONS,
  ...BICEP_FUNCTIONS,
  ...RESOURCE_FUNCTIONS,
  ...LAMBDA_FUNCTIONS
}
