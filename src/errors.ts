// How the entry points (main and post step) turn anything thrown into the one line they fail with.

import { TemplateInputError } from './template/template-input-error.js'

/** One readable line (or block) for anything thrown, Error or not. */
export function failureMessage(error: unknown): string {
  if (error instanceof TemplateInputError && !error.message.includes(error.input)) {
    return `Input '${error.input}': ${error.message}`
  }
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return `Unexpected failure: ${JSON.stringify(error)}`
  } catch {
    return `Unexpected failure: ${String(error)}`
  }
}
