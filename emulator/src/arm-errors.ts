// ARM's error bodies for injected HTTP errors (any status 400–599) and internal failures, worded
// as ARM words them: the code ARM uses for the status, and for 5xx its diagnostic suffix.
import { STATUS_CODES } from 'node:http'
import type { Reply } from './http-reply.js'
import type { EmulatorClock } from './types.js'

/** What the emulator says the caller is, in AuthorizationFailed messages. */
export const PRINCIPAL_OBJECT_ID = 'f0e1d2c3-0000-4000-8000-00000000d001'

export interface ArmFaultContext {
  clock: EmulatorClock
  subscriptionId: string
  /** The app (client) id in the token, for AuthorizationFailed. */
  clientId: string
}

const CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is invalid.'],
  404: ['NotFound', 'The requested resource was not found.'],
  405: ['MethodNotAllowed', 'The requested resource does not support http method.'],
  408: ['RequestTimeout', 'The request timed out.'],
  409: ['Conflict', 'The request could not be completed due to a conflict with the current state.'],
  412: [
    'PreconditionFailed',
    'The condition specified using HTTP conditional header(s) is not met.'
  ],
  429: ['TooManyRequests', 'The request is being throttled. Please retry after some time.'],
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

/**
 * ARM's error body for `status`. 403 is `AuthorizationFailed` naming the action and scope of the
 * request, as ARM's RBAC check words it; other statuses without a code of their own use the
 * reason phrase (422 → UnprocessableEntity).
 */
export function armFault(
  deps: ArmFaultContext,
  status: number,
  trackingId: string,
  correlationId: string,
  request?: { method: string; path: string }
): Reply {
  const reply = (code: string, message: string): Reply => ({
    status,
    body: { error: { code, message } },
    log: { responseType: 'CloudError' }
  })
  if (status === 403) {
    const scope = request?.path ?? `/subscriptions/${deps.subscriptionId}`
    return reply(
      'AuthorizationFailed',
      `The client '${deps.clientId}' with object id '${PRINCIPAL_OBJECT_ID}' does not have authorization to perform action '${actionOf(request?.method ?? 'GET', scope)}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
    )
  }
  const [code, text] = CODES[status] ?? [
    (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, ''),
    `The request failed with status ${status} (${STATUS_CODES[status] ?? 'unknown'}).`
  ]
  if (status < 500) return reply(code, text)
  const timestamp = new Date(deps.clock.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+/, '')
  return reply(
    code,
    `${text} Diagnostic information: timestamp '${timestamp}', subscription id '${deps.subscriptionId}', tracking id '${trackingId}', request correlation id '${correlationId}'.`
  )
}

/**
 * The RBAC action of a request: the resource type after the last `/providers/` (or the
 * subscription / resource group) plus read, write or delete; a POST is the type's last segment
 * as an action (…/deployments/cancel/action).
 */
function actionOf(method: string, path: string): string {
  const segments = path.split('?')[0].split('/').filter(Boolean)
  const lower = segments.map((s) => s.toLowerCase())
  const providers = lower.lastIndexOf('providers')
  let type: string[]
  if (providers >= 0 && providers + 1 < segments.length) {
    // namespace, then type/name pairs: keep the types
    type = [segments[providers + 1], ...segments.slice(providers + 2).filter((_, i) => i % 2 === 0)]
  } else {
    type = ['Microsoft.Resources', ...lower.filter((_, i) => i % 2 === 0)]
    type = type.map((t) => (t === 'resourcegroups' ? 'resourceGroups' : t))
  }
  const verb = method.toUpperCase()
  if (verb === 'POST') return `${type.join('/')}/action`
  if (verb === 'DELETE') return `${type.join('/')}/delete`
  return `${type.join('/')}/${verb === 'PUT' || verb === 'PATCH' ? 'write' : 'read'}`
}

export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
