// The one adapter from our small interfaces (runtime/ports.ts) to @actions/core.

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as core from '@actions/core'
import type {
  IdTokenProvider,
  InputSource,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from './ports.js'

/**
 * core.getInput, with action.yml's default for an input set to '': the runner applies a default
 * only to an input the workflow leaves out, and a reusable workflow passing an empty value through
 * must not turn `timeout` or `mode` into an error. The defaults come from action.yml at build time
 * (dist/action-defaults.json, beside the bundle).
 */
export const coreInputs: InputSource = (name) =>
  core.getInput(name) || (actionDefaults()[name] ?? '')

let defaults: Record<string, string> | undefined

function actionDefaults(): Record<string, string> {
  if (defaults) return defaults
  try {
    // Beside the script the runner started (dist/index.js). Not `new URL(…, import.meta.url)`: ncc
    // would relocate that as an asset at build time, before the file is written.
    const file = join(dirname(process.argv[1] ?? ''), 'action-defaults.json')
    defaults = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
  } catch {
    // Not beside a bundle (a test importing src/): no fallback, as before.
    defaults = {}
  }
  return defaults
}

export const coreLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, annotation) => core.warning(message, annotation),
  error: (message, annotation) => core.error(message, annotation),
  group: (name, fn) => core.group(name, fn)
}

export const coreOutputs: OutputSink = { setOutput: (name, value) => core.setOutput(name, value) }

export const coreMasker: SecretMasker = { setSecret: (value) => core.setSecret(value) }

export const coreState: StateStore = {
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name)
}

export const coreSummary: SummarySink = {
  async write(markdown) {
    await core.summary.addRaw(markdown).write()
  }
}

export const coreIdTokens: IdTokenProvider = (audience) => core.getIDToken(audience)
