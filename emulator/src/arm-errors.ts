// ARM's error bodies for transport faults and internal failures, as ARM words them.
import type { Reply } from './http-reply.js'
import type { EmulatorClock } from './types.js'

const FAULT_CODES: Record<number, [string, string]> = {
  500: ['InternalServerError', 'Encountered internal server error.'],
  502: ['BadGateway', 'The gateway did not receive a response from the backend service.'],
  503: [
    'ServiceUnavailable',
    'The server is currently unable to handle the request due to a temporary overload.'
  ],
  504: [
    'GatewayTimeout',
    'The gateway did not receive a response within the specified time period.'
  ]
}

export function armFault(
  deps: { clock: EmulatorClock; subscriptionId: string },
  status: number,
  trackingId: string,
  correlationId: string
): Reply {
  const [code, text] = FAULT_CODES[status] ?? FAULT_CODES[500]
  const message = `${text} Diagnostic information: timestamp '${new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}', subscription id '${deps.subscriptionId}', tracking id '${trackingId}', request correlation id '${correlationId}'.`
  return { status, body: { error: { code, message } }, log: { responseType: 'CloudError' } }
}

export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
