import { InputError } from '../settings/input-reader.js'

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

/** `Input 'a'`, `Inputs 'a' and 'b'`, `Inputs 'a', 'b' and 'c'`: the start of every message here. */
export function named(...inputs: string[]): string {
  const quoted = inputs.map((i) => `'${i}'`)
  if (quoted.length === 1) return `Input ${quoted[0]}`
  return `Inputs ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
}
