// Entra ID (v2.0 endpoints, plus an `/adfs` authority for MSAL-Python custom clouds): routing,
// the discovery document and signing keys. The token grants are in entra-token.ts.
import { createPublicKey } from 'node:crypto'
import { errorFactory } from './entra-errors.js'
import { clientCredentialsGrant, type EntraDeps } from './entra-token.js'
import { json, type Reply } from './http-reply.js'
import { FOREIGN_TENANT_ID, TENANT_ID } from './identity.js'
import type { EntraErrorCode } from './types.js'

export type { EntraDeps } from './entra-token.js'

const KNOWN_TENANTS = new Set([TENANT_ID, FOREIGN_TENANT_ID])

/** `/{tenant}/v2.0/.well-known/openid-configuration` etc.; `adfs` is its own authority. */
const ROUTE =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|oauth2\/v2\.0\/token|oauth2\/token|discovery\/v2\.0\/keys|discovery\/keys)$/i

export function isEntraPath(pathname: string): boolean {
  return ROUTE.test(pathname)
}

export function isTokenPath(pathname: string): boolean {
  return /\/oauth2\/(v2\.0\/)?token$/i.test(pathname)
}

export function handleEntra(
  deps: EntraDeps,
  method: string,
  pathname: string,
  form: URLSearchParams,
  correlationId: string,
  /** A permanent error to answer token requests with (`entra-error` fault). */
  forced?: EntraErrorCode
): Reply {
  const match = ROUTE.exec(pathname)
  if (!match) return json(404, { error: 'not_found' })
  const tenant = match[1].toLowerCase()
  const endpoint = match[2].toLowerCase()
  const adfs = tenant === 'adfs'
  const error = errorFactory(deps, correlationId)
  if (!adfs && !KNOWN_TENANTS.has(tenant) && tenant !== 'organizations' && tenant !== 'common') {
    return error(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`
    )
  }
  const authority = `${deps.baseUrl}/${adfs ? 'adfs' : tenant}`
  if (endpoint.includes('openid-configuration')) {
    if (method !== 'GET') return json(405, { error: 'method_not_allowed' })
    return json(200, discovery(authority, adfs))
  }
  if (endpoint.startsWith('discovery')) {
    return json(200, { keys: [jwkOf(deps)] })
  }
  if (method !== 'POST') {
    return error(
      400,
      'invalid_request',
      900561,
      'The endpoint only accepts POST requests. Received a GET request.'
    )
  }
  return clientCredentialsGrant(
    deps,
    adfs ? TENANT_ID : tenant,
    `${authority}${adfs ? '/oauth2/token' : '/oauth2/v2.0/token'}`,
    form,
    error,
    forced
  )
}

function discovery(authority: string, adfs: boolean): Record<string, unknown> {
  const v2 = adfs ? '' : '/v2.0'
  return {
    token_endpoint: adfs ? `${authority}/oauth2/token` : `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic'
    ],
    jwks_uri: adfs ? `${authority}/discovery/keys` : `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authority}${v2}`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${authority}/openid/userinfo`,
    authorization_endpoint: `${authority}/oauth2${v2}/authorize`,
    device_authorization_endpoint: `${authority}/oauth2${v2}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2${v2}/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'appid', 'jti'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'emulator.local',
    cloud_graph_host_name: 'graph.emulator.local',
    msgraph_host: 'graph.emulator.local'
  }
}

function jwkOf(deps: EntraDeps): Record<string, unknown> {
  const jwk = createPublicKey(deps.identity.entraKey).export({ format: 'jwk' })
  return { kty: 'RSA', use: 'sig', kid: deps.identity.entraKid, n: jwk.n, e: jwk.e }
}
