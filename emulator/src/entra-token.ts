// Entra's client_credentials grant: client secret, certificate-signed assertion and federated
// (GitHub OIDC) assertion, each refused with the AADSTS code and message Entra sends.
import { createPublicKey } from 'node:crypto'
import { mintAccessToken, parseClaimsRequest, type AccessTokenDeps } from './access-token.js'
import { permanentEntraError, type ErrorFn } from './entra-errors.js'
import { json, type Reply } from './http-reply.js'
import { CLIENT_ID, FEDERATED_AUDIENCE, GITHUB_SUBJECT, safeEqual } from './identity.js'
import { decodeJwt, num, str, verifyJwt, type DecodedJwt } from './jwt.js'
import type { ClientCertificate } from './tls.js'
import type { EntraErrorCode } from './types.js'

export interface EntraDeps extends AccessTokenDeps {
  baseUrl: string
  clientCertificate: ClientCertificate
  /** GitHub OIDC issuer URL the federated credential trusts. */
  githubIssuer: string
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const NBF_SKEW_MS = 5 * 60_000

export function clientCredentialsGrant(
  deps: EntraDeps,
  tenant: string,
  tokenEndpoint: string,
  form: URLSearchParams,
  error: ErrorFn,
  /** An `entra-error` fault: answer this permanent error instead of checking the request. */
  forced?: EntraErrorCode
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
  if (forced) {
    const jwt = decodeJwt(form.get('client_assertion') ?? '')
    return permanentEntraError(
      forced,
      {
        clientId,
        tenant,
        issuer: str(jwt?.claims.iss) ?? deps.githubIssuer,
        subject: str(jwt?.claims.sub) ?? GITHUB_SUBJECT,
        log: { fault: `entra-error:${forced}` }
      },
      error
    )
  }
  if (clientId.toLowerCase() !== CLIENT_ID) {
    return permanentEntraError('AADSTS700016', { clientId, tenant }, error)
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
      return permanentEntraError('AADSTS7000215', { clientId, tenant }, error)
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
    const issuer = str(jwt.claims.iss)
    const subject = str(jwt.claims.sub)
    if (issuer !== deps.githubIssuer || subject !== GITHUB_SUBJECT) {
      const code = issuer !== deps.githubIssuer ? 'AADSTS700211' : 'AADSTS700213'
      return permanentEntraError(
        code,
        { clientId: CLIENT_ID, tenant: '', issuer, subject, log },
        error
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
  const minted = mintAccessToken(deps, {
    tenant,
    clientId,
    audience: scope.slice(0, -'/.default'.length),
    credentialKind: credential.kind,
    cae: /"xms_cc"[^}]*cp1/i.test(claimsRequest ?? ''),
    acrs: parseClaimsRequest(claimsRequest)?.acrs
  })
  const { accessToken, expiresIn, jti } = minted
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
