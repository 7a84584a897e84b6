// Compact JWS (RS256 / PS256) signing and verification with node:crypto, enough for the tokens
// the emulator issues and the client assertions it receives.
import { constants, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'

export type JwtClaims = Record<string, unknown>
export type JwtHeader = Record<string, unknown>

export interface DecodedJwt {
  header: JwtHeader
  claims: JwtClaims
  signingInput: string
  signature: Buffer
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url')

export function signJwt(claims: JwtClaims, key: KeyObject, header: JwtHeader = {}): string {
  const input = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', ...header }))}.${b64url(JSON.stringify(claims))}`
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`
}

/** Decodes without verifying; undefined when it is not a JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    if (!isObject(header) || !isObject(claims)) return undefined
    return {
      header,
      claims,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url')
    }
  } catch {
    return undefined
  }
}

export function verifyJwt(jwt: DecodedJwt, key: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput)
  switch (jwt.header.alg) {
    case 'RS256':
      return verify('sha256', data, key, jwt.signature)
    case 'PS256':
      return verify(
        'sha256',
        data,
        {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO
        },
        jwt.signature
      )
    default:
      return false
  }
}

/** The public half as a JWK with a key id, for JWKS documents. */
export function publicJwk(key: KeyObject, kid: string): Record<string, unknown> {
  const jwk = createPublicKey(key).export({ format: 'jwk' })
  return { kty: jwk.kty, use: 'sig', alg: 'RS256', kid, n: jwk.n, e: jwk.e }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined
export const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined
