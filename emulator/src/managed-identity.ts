// The managed-identity token endpoint in the App Service / Container Apps form that msal-node's
// AppService source calls: GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…[&client_id=…
// |&mi_res_id=…|&object_id=…] with the secret $IDENTITY_HEADER in X-IDENTITY-HEADER. Tokens come
// from the same minting as Entra's, so ARM applies the same expiry, revocation and CAE rules.
import { mintAccessToken, type AccessTokenDeps } from './access-token.js'
import { json, type Reply } from './http-reply.js'
import {
  MANAGED_IDENTITY_CLIENT_ID,
  TENANT_ID,
  USER_ASSIGNED_CLIENT_ID,
  USER_ASSIGNED_OBJECT_ID,
  USER_ASSIGNED_RESOURCE_ID,
  safeEqual
} from './identity.js'

/** Path of IDENTITY_ENDPOINT (Container Apps uses `/msi/token` too). */
export const MANAGED_IDENTITY_PATH = '/msi/token'
const API_VERSION = '2019-08-01'

export type ManagedIdentityDeps = AccessTokenDeps

export const identityEndpoint = (baseUrl: string) => `${baseUrl}${MANAGED_IDENTITY_PATH}`

export function isManagedIdentityPath(pathname: string): boolean {
  return pathname.replace(/\/+$/, '').toLowerCase() === MANAGED_IDENTITY_PATH
}

export function handleManagedIdentity(
  deps: ManagedIdentityDeps,
  method: string,
  url: URL,
  identityHeader: string | undefined,
  correlationId: string
): Reply {
  // App Service answers errors as { statusCode, message, correlationId }; msal-node reads
  // `message` as the error description.
  const fail = (status: number, message: string, errorCode: string) =>
    json(status, { statusCode: status, message, correlationId }, { errorCode })
  if (method !== 'GET')
    return fail(405, `The HTTP method '${method}' is not supported.`, 'MethodNotAllowed')
  if (!identityHeader || !safeEqual(identityHeader, deps.identity.identityHeader)) {
    return fail(
      401,
      'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.',
      'Unauthorized'
    )
  }
  const query = url.searchParams
  const apiVersion = query.get('api-version')
  if (apiVersion !== API_VERSION) {
    return fail(
      400,
      `The api-version '${apiVersion ?? ''}' is not supported. Supported version: ${API_VERSION}.`,
      'UnsupportedApiVersion'
    )
  }
  const resource = query.get('resource')
  if (!resource) return fail(400, "The 'resource' query parameter is required.", 'MissingResource')
  const selectors = ['client_id', 'mi_res_id', 'object_id', 'principal_id'].filter((k) =>
    query.has(k)
  )
  if (selectors.length > 1) {
    return fail(
      400,
      `Only one of client_id, mi_res_id, object_id or principal_id may be given; got ${selectors.join(', ')}.`,
      'AmbiguousIdentity'
    )
  }
  const clientId = selectIdentity(selectors[0], selectors[0] ? query.get(selectors[0]) : null)
  if (!clientId) {
    return fail(
      400,
      'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
      'IdentityNotFound'
    )
  }
  const minted = mintAccessToken(deps, {
    tenant: TENANT_ID,
    clientId,
    audience: resource,
    credentialKind: 'managed-identity',
    // msal-node sends the client capabilities (cp1 when @azure/identity enables CAE) as xms_cc.
    cae: (query.get('xms_cc') ?? '').toLowerCase().split(',').includes('cp1')
  })
  return json(
    200,
    {
      access_token: minted.accessToken,
      // App Service sends epoch seconds as a string.
      expires_on: String(minted.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: clientId
    },
    { credentialKind: 'managed-identity', tokenId: minted.jti }
  )
}

/** The client id of the identity a selector names (none = system-assigned), or undefined. */
function selectIdentity(selector: string | undefined, value: string | null): string | undefined {
  if (selector === undefined) return MANAGED_IDENTITY_CLIENT_ID
  const v = (value ?? '').toLowerCase()
  switch (selector) {
    case 'client_id':
      return v === USER_ASSIGNED_CLIENT_ID ? USER_ASSIGNED_CLIENT_ID : undefined
    case 'mi_res_id':
      return v === USER_ASSIGNED_RESOURCE_ID.toLowerCase() ? USER_ASSIGNED_CLIENT_ID : undefined
    default:
      return v === USER_ASSIGNED_OBJECT_ID ? USER_ASSIGNED_CLIENT_ID : undefined
  }
}
