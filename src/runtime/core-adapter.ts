// The one adapter from our small interfaces (runtime/ports.ts) to @actions/core.
//
// Why not `import * as core from '@actions/core'`: its entry statically imports its OIDC client
// (getIDToken → @actions/http-client → undici, 455 kB minified, a third of the bundle), so every run
// would load undici even with a client secret. The runner protocol lives in core's own
// side-effect-free modules (workflow commands, file commands, the job summary); we import those by
// path (its package `exports` lists only the entry) and keep core.js's one-line wrappers here, word
// for word. The ID token is minted by github-id-token-request.ts (Node's https, proxy env honoured).

import { readFileSync } from 'node:fs'
import * as os from 'node:os'
import { dirname, join } from 'node:path'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import {
  issueFileCommand,
  prepareKeyValueMessage
} from '../../node_modules/@actions/core/lib/file-command.js'
import { summary } from '../../node_modules/@actions/core/lib/summary.js'
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'
import type { AnnotationProperties } from '@actions/core'
import { requestGitHubIdToken } from './github-id-token-request.js'
import type {
  IdTokenProvider,
  InputSource,
  Logger,
  OutputSink,
  SecretMasker,
  StateStore,
  SummarySink
} from './ports.js'

// core.js's wrappers (same names, same behaviour), over its command modules.
const core = {
  getInput: (name: string): string =>
    (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim(),
  isDebug: (): boolean => process.env['RUNNER_DEBUG'] === '1',
  debug: (message: string): void => issueCommand('debug', {}, message),
  info: (message: string): void => {
    process.stdout.write(message + os.EOL)
  },
  warning: (message: string, properties: AnnotationProperties = {}): void =>
    issueCommand('warning', toCommandProperties(properties), message),
  error: (message: string, properties: AnnotationProperties = {}): void =>
    issueCommand('error', toCommandProperties(properties), message),
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    issue('group', name)
    try {
      return await fn()
    } finally {
      issue('endgroup')
    }
  },
  setOutput(name: string, value: unknown): void {
    if (process.env['GITHUB_OUTPUT']) {
      issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
      return
    }
    process.stdout.write(os.EOL)
    issueCommand('set-output', { name }, toCommandValue(value))
  },
  setSecret: (secret: string): void => issueCommand('add-mask', {}, secret),
  saveState(name: string, value: unknown): void {
    if (process.env['GITHUB_STATE']) {
      issueFileCommand('STATE', prepareKeyValueMessage(name, value))
      return
    }
    issueCommand('save-state', { name }, toCommandValue(value))
  },
  getState: (name: string): string => process.env[`STATE_${name}`] || ''
}

/** core.setFailed: exit code 1 and an error annotation. Only run() and post() call it. */
export function setFailed(message: string): void {
  process.exitCode = 1
  core.error(message)
}

/** core.isDebug: the runner's debug logging is on. */
export const isDebug = core.isDebug

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
    await summary.addRaw(markdown).write()
  }
}

export const coreIdTokens: IdTokenProvider = (audience) =>
  requestGitHubIdToken(audience, { env: process.env, debug: core.debug, setSecret: core.setSecret })
