// The Azure SDK's own log (requests, retries, credential steps), only when the run has debug
// logging on (ACTIONS_STEP_DEBUG), routed to the step log's debug lines. The SDK redacts
// Authorization headers and unknown query parameters; it is never on by default.

import { AzureLogger, setLogLevel } from '@azure/logger'
import { format } from 'node:util'
import type { Logger } from '../runtime/ports.js'

export function routeAzureSdkLogs(logger: Logger, debug: boolean): void {
  if (!debug) return
  setLogLevel('info')
  AzureLogger.log = (...args: unknown[]) => logger.debug(format(...args).trimEnd())
}
