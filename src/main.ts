// The action's entry: read inputs, run, and fail in exactly one place.

import * as fs from 'node:fs'
import * as core from '@actions/core'
import { systemClock } from './auth/system-clock.js'
import { routeAzureSdkLogs } from './azure/sdk-logging.js'
import {
  coreIdTokens,
  coreInputs,
  coreLogger,
  coreMasker,
  coreOutputs,
  coreState,
  coreSummary
} from './core-io.js'
import { getInputs } from './input-helper.js'
import { runDeployment } from './run-deployment.js'
import { TemplateInputError } from './template/deployment-content.js'

export async function run(): Promise<void> {
  try {
    routeAzureSdkLogs(coreLogger, core.isDebug())
    const settings = getInputs(coreInputs, {
      env: process.env,
      readFile: (p) => fs.readFileSync(p, 'utf8'),
      now: () => Date.now()
    })
    const result = await runDeployment(settings, {
      logger: coreLogger,
      outputs: coreOutputs,
      state: coreState,
      summary: coreSummary,
      masker: coreMasker,
      idTokens: coreIdTokens,
      clock: systemClock
    })
    if (!result.ok) core.setFailed(result.message)
  } catch (error) {
    core.setFailed(failureMessage(error))
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
