// Access tokens: one place mints them (Entra's token grants and the managed-identity endpoint),
// records them by jti so ARM can check expiry, revocation and CAE claims, and shapes the lifetime.
import { randomUUID } from 'node:crypto'
import { seconds, TENANT_ID, type Identity } from './identity.js'
import { signJwt } from './jwt.js'
import type { EmulatorClock, Random } from './types.js'

export interface AccessTokenDeps {
  clock: EmulatorClock
  random: Random
  identity: Identity
  /** Fixed emulated access-token lifetime; undefined = random 60–90 min like Entra. */
  tokenLifetimeMs?: number
}

export interface MintedAccessToken {
  accessToken: string
  jti: string
  /** Real seconds until expiry, as on the wire. */
  expiresIn: number
  /** The token's `exp` (epoch seconds). */
  expiresOn: number
  expiresAtReal: number
}
/** Who a token is for and what it carries; `tenant` may be `organizations`/`common`. */
export interface AccessTokenRequest {
  tenant: string
  clientId: string
  /** The resource (scope minus `/.default`). */
  audience: string
  /** 'secret' tokens carry appidacr 1, assertion-based ones 2. */
  credentialKind: 'secret' | 'certificate' | 'federated' | 'managed-identity'
  /** Client declared CAE capability (xms_cc=cp1). */
  cae: boolean
  /** Authentication contexts requested through `claims` (access_token.acrs). */
  acrs?: string[]
}

export function mintAccessToken(
  deps: AccessTokenDeps,
  request: AccessTokenRequest
): MintedAccessToken {
  const lifetimeEmulated = deps.tokenLifetimeMs ?? (60 + deps.random.next() * 30) * 60_000
  const now = deps.clock.now()
  const expiresAtReal = now + deps.clock.toReal(lifetimeEmulated)
  const expiresIn = Math.max(1, Math.round((expiresAtReal - now) / 1000))
  const jti = randomUUID()
  const { tenant, clientId, audience, cae } = request
  const acrs = request.acrs ?? []
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
      appidacr: request.credentialKind === 'secret' ? '1' : '2',
      idp: `https://sts.windows.net/${tenantId}/`,
      oid: 'f0e1d2c3-0000-4000-8000-00000000d001',
      sub: 'f0e1d2c3-0000-4000-8000-00000000d001',
      tid: tenantId,
      uti: jti.replace(/-/g, '').slice(0, 22),
      jti,
      ver: '1.0',
      ...(cae ? { xms_cc: ['CP1'] } : {}),
      ...(acrs.length > 0 ? { acrs } : {})
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
    cae,
    acrs
  })
  deps.identity.secrets.push(accessToken)
  return { accessToken, jti, expiresIn, expiresOn: seconds(now) + expiresIn, expiresAtReal }
}

/**
 * What a `claims` request parameter asks for: CAE capability (`xms_cc` with `cp1`, which msal
 * merges into claims) and authentication contexts (`access_token.acrs` with `value` or `values`).
 * Entra refuses claims that are not JSON; so does this (undefined).
 */
export function parseClaimsRequest(
  claims: string | null
): { cae: boolean; acrs: string[] } | undefined {
  if (claims === null || claims === '') return { cae: false, acrs: [] }
  let parsed: unknown
  try {
    parsed = JSON.parse(claims)
  } catch {
    return undefined
  }
  const accessToken = (parsed as { access_token?: Record<string, unknown> } | null)?.access_token
  const values = (claim: unknown): string[] => {
    if (typeof claim !== 'object' || claim === null) return []
    const { value, values: list } = claim as { value?: unknown; values?: unknown }
    return [value, ...(Array.isArray(list) ? (list as unknown[]) : [])].filter(
      (v): v is string => typeof v === 'string'
    )
  }
  return {
    cae: values(accessToken?.xms_cc).some((v) => v.toLowerCase() === 'cp1'),
    acrs: values(accessToken?.acrs)
  }
}
