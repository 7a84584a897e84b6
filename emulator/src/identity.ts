// Who exists in the emulated directory, the signing keys, and every token the emulator issued
// (by jti), so Entra, GitHub OIDC and ARM agree on what is valid and until when.
import { randomBytes, timingSafeEqual, randomUUID, type KeyObject } from 'node:crypto'
import { newRsaKey } from './tls.js'
import type { EmulatorClock } from './types.js'

/** The directory the emulator pretends to be. Fixed so scenario files and docs can name them. */
export const TENANT_ID = '72f988bf-0000-4000-8000-00000000e001'
/** A second tenant the app is also registered in: its tokens are valid, but not for our subscription. */
export const FOREIGN_TENANT_ID = 'b3c1d0a5-0000-4000-8000-00000000e002'
export const SUBSCRIPTION_ID = '00000000-0000-4000-8000-00000000a001'
export const CLIENT_ID = '1a2b3c4d-0000-4000-8000-00000000c001'
/** Subject of the GitHub ID tokens, and of the federated credential that trusts them. */
export const GITHUB_SUBJECT = 'repo:contoso/landing-zone:ref:refs/heads/main'
export const GITHUB_REPOSITORY = 'contoso/landing-zone'
export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange'
/** The system-assigned managed identity of the emulated App Service / Container App. */
export const MANAGED_IDENTITY_CLIENT_ID = '5e4d3c2b-0000-4000-8000-00000000c002'
/** A user-assigned managed identity attached to it, by client id, resource id and object id. */
export const USER_ASSIGNED_CLIENT_ID = '6f5e4d3c-0000-4000-8000-00000000c003'
export const USER_ASSIGNED_RESOURCE_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deploy`
export const USER_ASSIGNED_OBJECT_ID = '6f5e4d3c-0000-4000-8000-00000000d003'

export interface IssuedAccessToken {
  jti: string
  tenantId: string
  clientId: string
  audience: string
  issuedAtReal: number
  issuedAtEmulated: number
  expiresAtReal: number
  /** Client declared CAE capability (xms_cc=cp1): revocation answers with a claims challenge. */
  cae: boolean
  /** Authentication contexts (`acrs`) the token was issued with, from a `claims` request. */
  acrs: string[]
}

export interface IssuedIdToken {
  jti: string
  notBeforeReal: number
  expiresAtReal: number
}

export interface Identity {
  clientSecret: string
  oidcRequestToken: string
  oidcRequestTokenExpiresAtReal: number
  /** IDENTITY_HEADER: the secret the managed-identity endpoint wants in X-IDENTITY-HEADER. */
  identityHeader: string
  entraKey: KeyObject
  entraKid: string
  githubKey: KeyObject
  githubKid: string
  accessTokens: Map<string, IssuedAccessToken>
  idTokens: Map<string, IssuedIdToken>
  /** Every secret handed out, for secret-hygiene tests. */
  secrets: string[]
}

/** GitHub mints ID tokens for a job for about 6 hours. */
const REQUEST_TOKEN_LIFETIME_MS = 6 * 3_600_000

export async function createIdentity(): Promise<Identity> {
  const [entraKey, githubKey] = await Promise.all([newRsaKey(), newRsaKey()])
  // Shaped like real ones: Entra secrets are 40 chars with a `~`, request tokens are JWT-ish blobs.
  const clientSecret = `emu8Q~${randomBytes(30).toString('base64url').slice(0, 34)}`
  const oidcRequestToken = randomBytes(48).toString('base64url')
  const identityHeader = randomUUID()
  return {
    clientSecret,
    oidcRequestToken,
    oidcRequestTokenExpiresAtReal: Infinity,
    identityHeader,
    entraKey,
    entraKid: randomUUID(),
    githubKey,
    githubKid: randomBytes(20).toString('hex').toUpperCase(),
    accessTokens: new Map(),
    idTokens: new Map(),
    secrets: [clientSecret, oidcRequestToken, identityHeader]
  }
}

/** Starts the request token's ~6 h (emulated) life; called when the emulator's clock starts. */
export function startRequestToken(identity: Identity, clock: EmulatorClock): void {
  identity.oidcRequestTokenExpiresAtReal = clock.now() + clock.toReal(REQUEST_TOKEN_LIFETIME_MS)
}

export const seconds = (realMs: number) => Math.floor(realMs / 1000)

/** Compares a presented secret in constant time. */
export function safeEqual(presented: string, expected: string): boolean {
  const left = Buffer.from(presented)
  const right = Buffer.from(expected)
  return left.length === right.length && timingSafeEqual(left, right)
}
