// Input maps as the runner hands them over: action.yml's defaults fill every input a test leaves
// out, because the reader has no defaults of its own (action.yml is their one home).
import { actionDefaults } from '../../scripts/lib/action-runner.js'
import type { InputSource } from '../../src/runtime/ports.js'

const DEFAULTS = actionDefaults()

/** The runner's view of `inputs`: set ones as given (empty included), the rest from action.yml. */
export function runnerInputs(inputs: Record<string, string>): InputSource {
  const all: Record<string, string> = { ...DEFAULTS, ...inputs }
  return (name) => all[name] ?? ''
}
