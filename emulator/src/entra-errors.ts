// Entra's error shape (AADSTS code first in error_description, then trace id, correlation id and
// timestamp), shared by the token grants and the managed-identity endpoint's Entra-backed errors.
import { randomUUID } from 'node:crypto'
import { json, type Reply } from './http-reply.js'
import type { EmulatorClock } from './types.js'

export type ErrorFn = (
  status: number,
  error: string,
  code: number,
  description: string,
  log?: Reply['log']
) => Reply

export function errorFactory(
  deps: { baseUrl: string; clock: EmulatorClock },
  correlationId: string
): ErrorFn {
  return (status, error, code, description, log) => {
    const traceId = randomUUID()
    const timestamp = new Date(deps.clock.now())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z')
    return json(
      status,
      {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${deps.baseUrl}/error?code=${code}`
      },
      { ...log, errorCode: `AADSTS${code}` }
    )
  }
}
