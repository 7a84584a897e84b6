// The action's entry: read inputs, run, and fail in exactly one place.

import * as fs from 'node:fs'
import { systemClock } from './runtime/system-clock.js'
import { routeAzureSdkLogs } from './azure/sdk-logging.js'
import { hardStopAt } from './flow/cancellation.js'
import {
  coreIdTokens,
  coreInputs,
  coreLogger,
  coreMasker,
  coreOutputs,
  coreState,
  coreSummary,
  isDebug,
  setFailed
} from './runtime/core-adapter.js'
import { getInputs } from './settings/read-inputs.js'
import { failureMessage } from './errors.js'
import { runDeployment } from './flow/run-deployment.js'
import { markMainStep } from './runtime/step-state.js'

export async function run(): Promise<void> {
  markMainStep(coreState)
  const aborted = onRunnerCancel()
  try {
    routeAzureSdkLogs(coreLogger, isDebug())
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
      clock: systemClock,
      signal: aborted.signal,
      hardStopAt: aborted.stopAt
    })
    if (!result.ok) setFailed(result.message)
  } catch (error) {
    setFailed(failureMessage(error))
  }
  // Canceled: everything is reported; a poll still in flight must not keep the step alive.
  if (aborted.signal.aborted) process.exit()
}

/**
 * SIGINT (the runner's cancel) and SIGTERM (7.5 s later) abort the wait; the flow then cancels or
 * explains and writes its report. Later signals only say so: the report in progress must finish.
 */
function onRunnerCancel(): { signal: AbortSignal; stopAt: () => number | undefined } {
  const controller = new AbortController()
  let stopAt: number | undefined
  let stopTimer: ReturnType<typeof setTimeout> | undefined
  const handler = (signal: NodeJS.Signals): void => {
    // Never outlive the runner's kill: exit with what has been written by then. The flow needs
    // at most ~5 s (1 s for a request in flight, 4 s for Canceled).
    stopAt = hardStopAt(signal, Date.now(), stopAt)
    clearTimeout(stopTimer)
    stopTimer = setTimeout(() => process.exit(1), Math.max(0, stopAt - Date.now()))
    stopTimer.unref()
    if (controller.signal.aborted) {
      coreLogger.info(`Received ${signal} again; finishing the report.`)
      return
    }
    coreLogger.info(`Received ${signal}: the run was canceled. Stopping the wait.`)
    controller.abort(new Error(`Received ${signal}`))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  // Left installed to the end: a signal after the report must not turn exit 1 into a kill.
  return { signal: controller.signal, stopAt: () => stopAt }
}
