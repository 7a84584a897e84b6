// Entra ID (v2.0 endpoints, plus an `/adfs` authority for MSAL-Python custom clouds): discovery,
// keys and the client_credentials token endpoint for secret, certificate and federated (GitHub
// OIDC) credentials, with Entra's error shape.
import { createPublicKey, randomUUID } from 'node:crypto'
import { json, type Reply } from './http-reply.js'
import {
  CLIENT_ID,
  FEDERATED_AUDIENCE,
  FOREIGN_TENANT_ID,
  GITHUB_SUBJECT,
  TENANT_ID,
  safeEqual,
  seconds,
  type Identity
} from './identity.js'
import { decodeJwt, num, signJwt, str, verifyJwt, type DecodedJwt } from './jwt.js'
import type { ClientCertificate } from './tls.js'
import type { EmulatorClock, Random } from './types.js'

export interface EntraDeps {
  baseUrl: string
  clock: EmulatorClock
  random: Random
  identity: Identity
  clientCertificate: ClientCertificate
  /** GitHub OIDC issuer URL the federated credential trusts. */
  githubIssuer: string
  /** Fixed emulated access-token lifetime; undefined = random 60–90 min like Entra. */
  tokenLifetimeMs?: number
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const NBF_SKEW_MS = 5 * 60_000
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
  correlationId: string
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
  return token(
    deps,
    adfs ? TENANT_ID : tenant,
    `${authority}${adfs ? '/oauth2/token' : '/oauth2/v2.0/token'}`,
    form,
    error
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

type ErrorFn = (
  status: number,
  error: string,
  code: number,
  description: string,
  log?: Reply['log']
) => Reply

function errorFactory(deps: EntraDeps, correlationId: string): ErrorFn {
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

function token(
  deps: EntraDeps,
  tenant: string,
  tokenEndpoint: string,
  form: URLSearchParams,
  error: ErrorFn
): Reply {
  const grantType = form.get('grant_type')
  if (grantType !== 'client_credentials') {
    return error(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`
    )
  }
  const clientId = form.get('client_id')
  const scope =
    form.get('scope') ?? (form.get('resource') ? `${form.get('resource')}/.default` : null)
  if (!clientId) {
    return error(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'."
    )
  }
  if (clientId.toLowerCase() !== CLIENT_ID) {
    return error(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`
    )
  }
  const defaultScope = scope?.split(' ').find((s) => s.endsWith('/.default'))
  if (!defaultScope) {
    return error(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`
    )
  }
  const secret = form.get('client_secret')
  const assertion = form.get('client_assertion')
  let credential: {
    kind: 'secret' | 'certificate' | 'federated'
    idTokenId?: string
    assertionValid?: boolean
  }
  if (secret !== null) {
    if (!safeEqual(secret, deps.identity.clientSecret)) {
      return error(
        401,
        'invalid_client',
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
          CLIENT_ID +
          "'.",
        { credentialKind: 'secret' }
      )
    }
    credential = { kind: 'secret' }
  } else if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return error(
        400,
        'invalid_request',
        90014,
        "The request body must contain the following parameter: 'client_assertion_type'."
      )
    }
    const checked = checkAssertion(deps, assertion, tokenEndpoint, error)
    if ('status' in checked) return checked
    credential = checked
  } else {
    return error(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
    )
  }
  return issueAccessToken(deps, tenant, clientId, defaultScope, form.get('claims'), credential)
}

function checkAssertion(
  deps: EntraDeps,
  assertion: string,
  tokenEndpoint: string,
  error: ErrorFn
): Reply | { kind: 'certificate' | 'federated'; idTokenId?: string; assertionValid: boolean } {
  const jwt = decodeJwt(assertion)
  if (!jwt) return error(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.')
  const federated = str(jwt.claims.iss) !== CLIENT_ID
  const kind = federated ? 'federated' : 'certificate'
  const idTokenId = federated ? str(jwt.claims.jti) : undefined
  const log = { credentialKind: kind, idTokenId } as const
  if (federated) {
    if (str(jwt.claims.iss) !== deps.githubIssuer || str(jwt.claims.sub) !== GITHUB_SUBJECT) {
      return error(
        400,
        'invalid_client',
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${str(jwt.claims.iss) ?? ''}'. Assertion Subject: '${str(jwt.claims.sub) ?? ''}'. Assertion Audience: '${String(jwt.claims.aud)}'.`,
        log
      )
    }
    if (!verifyJwt(jwt, deps.identity.githubKey)) {
      return error(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation.',
        log
      )
    }
    if (!audienceIncludes(jwt, FEDERATED_AUDIENCE)) {
      return error(
        400,
        'invalid_client',
        700212,
        `No matching federated identity record found for presented assertion audience '${String(jwt.claims.aud)}'.`,
        log
      )
    }
  } else {
    const cert = deps.clientCertificate
    const x5t = str(jwt.header.x5t)
    const x5t256 = str(jwt.header['x5t#S256'])
    const matches =
      (x5t !== undefined && hexOf(x5t) === cert.sha1Thumbprint) ||
      (x5t256 !== undefined && hexOf(x5t256) === cert.sha256Thumbprint)
    if (!matches) {
      return error(
        401,
        'invalid_client',
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${x5t256 ?? x5t ?? ''}']`,
        log
      )
    }
    if (!verifyJwt(jwt, createPublicKey(cert.certPem))) {
      return error(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation.',
        log
      )
    }
    const aud = str(jwt.claims.aud)
    if (!aud || !sameEndpoint(aud, tokenEndpoint)) {
      return error(
        401,
        'invalid_client',
        700021,
        `Client assertion application identifier doesn't match 'client_id' parameter. The audience of the assertion '${aud ?? ''}' must be the token endpoint.`,
        log
      )
    }
  }
  const now = deps.clock.now()
  // Our own ID tokens are checked against their exact (sub-second) expiry, which matters when
  // time is compressed; foreign assertions by their claims.
  const known = idTokenId ? deps.identity.idTokens.get(idTokenId) : undefined
  const nbf = known?.notBeforeReal ?? (num(jwt.claims.nbf) ?? 0) * 1000
  const exp = known?.expiresAtReal ?? (num(jwt.claims.exp) ?? 0) * 1000
  // nbf gets Entra's 5-minute clock skew (msal-node rounds iat to the nearest second, so its nbf
  // can be in the future); exp is enforced exactly, which is the failure this project is about.
  if (now < nbf - NBF_SKEW_MS || now >= exp) {
    return error(
      400,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${iso7(now)}, assertion valid from ${iso7(nbf)}, expiry time of assertion ${iso7(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
      { ...log, assertionValid: false }
    )
  }
  return { kind, idTokenId, assertionValid: true }
}

function issueAccessToken(
  deps: EntraDeps,
  tenant: string,
  clientId: string,
  scope: string,
  claimsRequest: string | null,
  credential: {
    kind: 'secret' | 'certificate' | 'federated'
    idTokenId?: string
    assertionValid?: boolean
  }
): Reply {
  const lifetimeEmulated = deps.tokenLifetimeMs ?? (60 + deps.random.next() * 30) * 60_000
  const now = deps.clock.now()
  const expiresAtReal = now + deps.clock.toReal(lifetimeEmulated)
  const expiresIn = Math.max(1, Math.round((expiresAtReal - now) / 1000))
  const jti = randomUUID()
  const audience = scope.slice(0, -'/.default'.length)
  const cae = /"xms_cc"[^}]*cp1/i.test(claimsRequest ?? '')
  const tenantId = tenant === 'organizations' || tenant === 'common' ? TENANT_ID : tenant
  const accessToken = signJwt(
    {
      aud: audience,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: seconds(now),
      nbf: seconds(now),
      exp: seconds(now) + expiresIn,
      aio: 'emulator',
      appid: clientId,
      appidacr: credential.kind === 'secret' ? '1' : '2',
      idp: `https://sts.windows.net/${tenantId}/`,
      oid: 'f0e1d2c3-0000-4000-8000-00000000d001',
      sub: 'f0e1d2c3-0000-4000-8000-00000000d001',
      tid: tenantId,
      uti: jti.replace(/-/g, '').slice(0, 22),
      jti,
      ver: '1.0',
      ...(cae ? { xms_cc: ['CP1'] } : {})
    },
    deps.identity.entraKey,
    { kid: deps.identity.entraKid, x5t: deps.identity.entraKid }
  )
  deps.identity.accessTokens.set(jti, {
    jti,
    tenantId,
    clientId,
    audience,
    issuedAtReal: now,
    issuedAtEmulated: deps.clock.emulatedElapsed(),
    expiresAtReal,
    cae
  })
  deps.identity.secrets.push(accessToken)
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken
  }
  // Entra adds refresh_in (half the lifetime) to long-lived tokens; MSAL refreshes proactively then.
  if (expiresIn >= 2 * 3600) body.refresh_in = Math.floor(expiresIn / 2)
  return json(200, body, {
    credentialKind: credential.kind,
    tokenId: jti,
    idTokenId: credential.idTokenId,
    assertionValid: credential.assertionValid
  })
}

function audienceIncludes(jwt: DecodedJwt, audience: string): boolean {
  const aud = jwt.claims.aud
  return aud === audience || (Array.isArray(aud) && aud.includes(audience))
}

function sameEndpoint(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase()
}

/** x5t headers are base64url of the (hex) thumbprint bytes. */
function hexOf(x5t: string): string {
  return Buffer.from(x5t, 'base64url').toString('hex').toUpperCase()
}

/** Entra prints times with 7 fractional digits. */
function iso7(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')
}
