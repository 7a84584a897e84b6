// The action's own errors (a mistake in the inputs, named) and how the entry points (main and post
// step) turn anything thrown into the one line they fail with.

/** A problem with an input; the message names it and says what was expected. */
export class InputError extends Error {
  readonly input: string

  constructor(input: string, message: string) {
    super(message)
    this.name = 'InputError'
    this.input = input
  }
}

/**
 * A problem with the template or parameters the user gave us; `input` is the action input to fix. An
 * InputError, so the caller treats it like every other input mistake.
 */
export class TemplateInputError extends InputError {
  constructor(input: string, message: string) {
    super(input, message)
    this.name = 'TemplateInputError'
  }
}

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
