// The GitHub OIDC endpoint as @actions/core getIDToken calls it.
import * as core from '@actions/core'
import { createPublicKey } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeJwt, verifyJwt } from '../../emulator/src/jwt.js'
import { useEmulator } from '../helpers/emulator.js'

const emulator = useEmulator({ timeScale: 60 })

describe('GitHub OIDC endpoint', () => {
  beforeEach(() => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = emulator().info.oidcRequestUrl
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator().info.oidcRequestToken
  })
  afterEach(() => {
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  })

  it('issues an RS256 ID token with GitHub claims, 5 emulated minutes long, verifiable with the JWKS', async () => {
    const token = await core.getIDToken('api://AzureADTokenExchange')
    const jwt = decodeJwt(token)
    expect(jwt?.header.alg).toBe('RS256')
    const claims = jwt?.claims ?? {}
    expect(claims).toMatchObject({
      aud: 'api://AzureADTokenExchange',
      sub: 'repo:contoso/landing-zone:ref:refs/heads/main',
      iss: `${emulator().info.armEndpoint}/_github`
    })
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/)
    // 5 minutes at time scale 60 = 5 real seconds (exp rounds up).
    expect((claims.exp as number) - (claims.iat as number)).toBeGreaterThanOrEqual(5)
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(6)
    const discovery = (await (
      await fetch(`${claims.iss as string}/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string }
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as {
      keys: Array<Record<string, string>>
    }
    const key = jwks.keys.find((k) => k.kid === jwt?.header.kid)
    expect(key).toBeDefined()
    expect(verifyJwt(jwt!, createPublicKey({ key: key as never, format: 'jwk' }))).toBe(true)
    expect(emulator().requestLog().at(-3)).toMatchObject({
      service: 'oidc',
      status: 200,
      idTokenId: claims.jti
    })
  })

  it('refuses a wrong request token', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'wrong'
    await expect(core.getIDToken('api://AzureADTokenExchange')).rejects.toThrow(/401/)
  })
})
