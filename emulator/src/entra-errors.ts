// Entra's error shape (AADSTS code first in error_description, then trace id, correlation id and
// timestamp), shared by the token grants and the managed-identity endpoint's Entra-backed errors.
import { randomUUID } from 'node:crypto'
import { json, type Reply } from './http-reply.js'
import type { EmulatorClock, EntraErrorCode } from './types.js'

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

const FIC_HINT =
  'Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation'

/** What the permanent errors' messages name, taken from the request where it has them. */
export interface PermanentErrorContext {
  clientId: string
  tenant: string
  /** `iss` and `sub` of the presented client assertion, if any. */
  issuer?: string
  subject?: string
  log?: Reply['log']
}

/**
 * The configuration errors a retry cannot fix, with Entra's status, error and wording: a wrong
 * secret, an unknown app, and a federated assertion no federated credential matches (by issuer
 * or by subject). The token grant sends them when the request is wrong; the `entra-error` fault
 * sends them for any request.
 */
export function permanentEntraError(
  code: EntraErrorCode,
  context: PermanentErrorContext,
  error: ErrorFn
): Reply {
  const { clientId, tenant, log } = context
  switch (code) {
    case 'AADSTS7000215':
      return error(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        { credentialKind: 'secret', ...log }
      )
    case 'AADSTS700016':
      return error(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        log
      )
    case 'AADSTS700211':
      return error(
        400,
        'invalid_client',
        700211,
        `No matching federated identity record found for presented assertion issuer '${context.issuer ?? ''}'. Please note that the matching is done using a case-sensitive comparison. ${FIC_HINT}`,
        log
      )
    case 'AADSTS700213':
      return error(
        400,
        'invalid_client',
        700213,
        `No matching federated identity record found for presented assertion subject '${context.subject ?? ''}'. ${FIC_HINT}`,
        log
      )
  }
}
