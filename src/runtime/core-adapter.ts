// The one adapter from our small interfaces (runtime/ports.ts) to @actions/core.

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
import { idTokenRequester } from './id-token-request.js'

export const coreInputs: InputSource = (name) => core.getInput(name)

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

/** core.getIDToken's request, in one attempt (GitHubIdTokenCache is the one retry layer). */
export const coreIdTokens: IdTokenProvider = idTokenRequester({
  setSecret: (value) => core.setSecret(value)
})
