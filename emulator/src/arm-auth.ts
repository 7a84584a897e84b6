// ARM's front door: every call needs a bearer token the emulator's Entra issued, unexpired, not
// revoked, for our tenant and for the management audience. Failures answer as ARM does.
import type { Reply } from './http-reply.js'
import type { Identity } from './identity.js'
import { decodeJwt, str, verifyJwt } from './jwt.js'
import type { ArmRequest, EmulatorClock } from './types.js'

export interface ArmAuthDeps {
  baseUrl: string
  clock: EmulatorClock
  identity: Identity
  tenantId: string
  /** Emulated time from which tokens issued earlier are revoked (revoke-tokens faults). */
  revokedBefore(): number | undefined
}

/** Audiences ARM accepts: the public cloud's two, and the emulator's own URL (the SDK's default scope). */
function managementAudiences(baseUrl: string): Set<string> {
  return new Set([
    'https://management.azure.com',
    'https://management.core.windows.net',
    baseUrl.toLowerCase()
  ])
}

export function authenticateArm(
  deps: ArmAuthDeps,
  authorization: string | undefined
): ArmRequest['principal'] | Reply {
  const deny = (
    code: string,
    message: string,
    description = message,
    tokenId?: string,
    extra = ''
  ) => unauthorized(deps, code, message, description, tokenId, extra)
  if (authorization === undefined) {
    return deny(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      "The authentication failed because of missing 'Authorization' header."
    )
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
  if (!bearer) {
    return deny(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      "The 'Authorization' header is provided in an invalid format."
    )
  }
  const jwt = decodeJwt(bearer)
  const jti = jwt ? str(jwt.claims.jti) : undefined
  const issued = jti ? deps.identity.accessTokens.get(jti) : undefined
  if (!jwt || !issued || !verifyJwt(jwt, deps.identity.entraKey)) {
    return deny(
      'InvalidAuthenticationToken',
      'The access token is invalid.',
      'The access token is invalid.',
      jti
    )
  }
  if (issued.tenantId !== deps.tenantId) {
    return deny(
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${issued.tenantId}/'. It must match the tenant 'https://sts.windows.net/${deps.tenantId}/' associated with this subscription. Please use the authority (URL) '${deps.baseUrl}/${deps.tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      'The access token is from the wrong issuer.',
      jti
    )
  }
  const audience = issued.audience.replace(/\/+$/, '').toLowerCase()
  if (!managementAudiences(deps.baseUrl).has(audience)) {
    return deny(
      'InvalidAuthenticationToken',
      "The access token has been obtained for wrong audience or resource '" +
        issued.audience +
        "'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
      'The access token has been obtained for wrong audience or resource.',
      jti
    )
  }
  const now = deps.clock.now()
  if (now >= issued.expiresAtReal) {
    const message = `The access token expiry UTC time '${armTime(issued.expiresAtReal)}' is earlier than current UTC time '${armTime(now)}'.`
    return deny('ExpiredAuthenticationToken', message, message, jti)
  }
  const revokedBefore = deps.revokedBefore()
  if (revokedBefore !== undefined && issued.issuedAtEmulated < revokedBefore) {
    // With CAE declared (xms_cc=cp1) ARM sends a claims challenge, which the SDK's bearer policy
    // answers by fetching a fresh token; otherwise a plain 401.
    const claims = Buffer.from(
      JSON.stringify({
        access_token: { nbf: { essential: true, value: String(Math.floor(now / 1000)) } }
      })
    ).toString('base64')
    return issued.cae
      ? unauthorized(
          deps,
          'InvalidAuthenticationToken',
          'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
          'Continuous access evaluation resulted in challenge',
          jti,
          `, error="insufficient_claims", claims="${claims}"`,
          true
        )
      : deny(
          'InvalidAuthenticationToken',
          'The access token has been revoked.',
          'The access token has been revoked.',
          jti
        )
  }
  return { tenantId: issued.tenantId, clientId: issued.clientId, tokenId: issued.jti }
}

/** The authentication context a `claims-challenge` fault asks for (Conditional Access's c1). */
export const CHALLENGED_AUTH_CONTEXT = 'c1'

/** The claims ARM's challenge carries, base64 as in the WWW-Authenticate header. */
export const CHALLENGE_CLAIMS = Buffer.from(
  JSON.stringify({ access_token: { acrs: { essential: true, value: CHALLENGED_AUTH_CONTEXT } } })
).toString('base64')

/** Whether the token was issued for the challenged authentication context (claims request). */
export function satisfiesClaimsChallenge(
  deps: ArmAuthDeps,
  principal: ArmRequest['principal']
): boolean {
  return (
    deps.identity.accessTokens.get(principal.tokenId)?.acrs.includes(CHALLENGED_AUTH_CONTEXT) ??
    false
  )
}

/**
 * A CAE claims challenge (`claims-challenge` fault): 401 with `error="insufficient_claims"` and
 * the claims a new token must carry; @azure/core-rest-pipeline's bearer policy answers it with
 * getToken(scope, { claims }).
 */
export function claimsChallenge(deps: ArmAuthDeps, tokenId: string): Reply {
  return unauthorized(
    deps,
    'InvalidAuthenticationToken',
    'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: InsufficientClaims',
    'Continuous access evaluation resulted in challenge',
    tokenId,
    `, error="insufficient_claims", claims="${CHALLENGE_CLAIMS}"`,
    true
  )
}

function unauthorized(
  deps: ArmAuthDeps,
  code: string,
  message: string,
  description: string,
  tokenId: string | undefined,
  extra: string,
  caeChallenge = false
): Reply {
  const authorizationUri = `${deps.baseUrl}/${deps.tenantId}`
  const challenge = caeChallenge
    ? `Bearer realm="", authorization_uri="${authorizationUri}", client_id="797f4846-ba00-4fd7-ba43-dac1f8f63013"${extra}`
    : `Bearer authorization_uri="${authorizationUri}", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`
  return {
    status: 401,
    headers: { 'www-authenticate': challenge },
    body: { error: { code, message } },
    log: {
      errorCode: code,
      tokenId,
      responseType: 'CloudError',
      responseBody: { error: { code, message } }
    }
  }
}

/** ARM formats times in these messages like .NET's invariant culture: 11/24/2026 11:05:20 PM. */
function armTime(ms: number): string {
  const d = new Date(ms)
  const hours = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`
}
