// The Entra token endpoint on the wire: response shape per credential kind, Entra's error shape,
// and assertion expiry under time compression.
import { describe, expect, it } from 'vitest'
import { decodeJwt } from '../../emulator/src/jwt.js'
import { idToken, requestToken, sleep, useEmulator } from '../helpers/emulator.js'

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
// 600 emulated seconds per real second: a 5-minute ID token lives 0.5 s, a 60-minute access token 6 s.
const emulator = useEmulator({ timeScale: 600, tokenLifetime: '60m' })

function expectEntraError(body: Record<string, unknown>, error: string, code: number): void {
  expect(body.error).toBe(error)
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `))
  expect(body.error_description).toMatch(
    /Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/
  )
  expect(body.error_codes).toEqual([code])
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/)
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/)
  expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/)
}

describe('Entra token endpoint', () => {
  it('serves v2.0 discovery whose issuer and token endpoint are on the authority host', async () => {
    const { authorityHost, tenantId } = emulator().info
    const response = await fetch(
      `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`
    )
    const doc = (await response.json()) as Record<string, string>
    expect(doc.token_endpoint).toBe(`${authorityHost}/${tenantId}/oauth2/v2.0/token`)
    expect(new URL(doc.issuer).host).toBe(new URL(authorityHost).host)
  })

  it('serves the same under an /adfs authority (MSAL-Python custom clouds)', async () => {
    const { authorityHost } = emulator().info
    const doc = (await (
      await fetch(`${authorityHost}/adfs/.well-known/openid-configuration`)
    ).json()) as Record<string, string>
    expect(doc.token_endpoint).toBe(`${authorityHost}/adfs/oauth2/token`)
    const { status, body } = await requestToken(
      emulator(),
      { client_secret: emulator().info.clientSecret },
      'adfs'
    )
    expect(status).toBe(200)
    expect(body.access_token).toMatch(/^ey/)
  })

  it('answers a client secret with a bearer token whose exp is the compressed lifetime in real seconds', async () => {
    const before = Math.floor(Date.now() / 1000)
    const { status, body } = await requestToken(emulator(), {
      client_secret: emulator().info.clientSecret
    })
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'token_type'
    ])
    expect(body.token_type).toBe('Bearer')
    expect(body.expires_in).toBe(6)
    expect(body.ext_expires_in).toBe(6)
    const claims = decodeJwt(body.access_token as string)?.claims
    expect(claims?.aud).toBe(emulator().info.armEndpoint)
    expect(claims?.tid).toBe(emulator().info.tenantId)
    expect(claims?.appid).toBe(emulator().info.clientId)
    expect(claims?.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect((claims?.exp as number) - before).toBeGreaterThanOrEqual(6)
    expect((claims?.exp as number) - before).toBeLessThanOrEqual(7)
  })

  it('accepts a fresh GitHub ID token as a federated assertion and logs its jti', async () => {
    const assertion = await idToken(emulator())
    const { status } = await requestToken(emulator(), {
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion
    })
    expect(status).toBe(200)
    const entry = emulator().requestLog().at(-1)
    expect(entry).toMatchObject({
      service: 'entra',
      credentialKind: 'federated',
      assertionValid: true
    })
    expect(entry?.idTokenId).toBe(decodeJwt(assertion)?.claims.jti)
  })

  it('rejects an ID token past its 5 emulated minutes with AADSTS700024', async () => {
    const assertion = await idToken(emulator())
    await sleep(600) // 6 emulated minutes
    const { status, body } = await requestToken(emulator(), {
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion
    })
    expect(status).toBe(400)
    expectEntraError(body, 'invalid_client', 700024)
    expect(body.error_description).toContain('Client assertion is not within its valid time range.')
    expect(emulator().requestLog().at(-1)).toMatchObject({
      credentialKind: 'federated',
      assertionValid: false,
      errorCode: 'AADSTS700024'
    })
  })

  it('rejects an ID token minted for another audience', async () => {
    const assertion = await idToken(emulator(), 'https://github.com/contoso')
    const { status, body } = await requestToken(emulator(), {
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion
    })
    expect(status).toBe(400)
    expect(body.error_codes).toEqual([700212])
  })

  it.each([
    [
      'sub',
      'repo:contoso/landing-zone:environment:prod',
      700213,
      "presented assertion subject 'repo:contoso/landing-zone:environment:prod'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion."
    ],
    [
      'iss',
      'https://token.actions.githubusercontent.com',
      700211,
      "presented assertion issuer 'https://token.actions.githubusercontent.com'. Please note that the matching is done using a case-sensitive comparison."
    ]
  ])(
    'no federated credential for another %s: AADSTS%i as Entra words it',
    async (claim, value, code, text) => {
      const [header, payload, signature] = (await idToken(emulator())).split('.')
      const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), [claim]: value }
      const { status, body } = await requestToken(emulator(), {
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
      })
      expect(status).toBe(400)
      expectEntraError(body, 'invalid_client', code)
      expect(body.error_description).toContain(
        `No matching federated identity record found for ${text}`
      )
    }
  )

  it('rejects a tampered assertion signature', async () => {
    const [header, payload] = (await idToken(emulator())).split('.')
    const { status, body } = await requestToken(emulator(), {
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`
    })
    expect(status).toBe(401)
    expectEntraError(body, 'invalid_client', 700027)
  })

  it('answers a wrong secret with AADSTS7000215', async () => {
    const { status, body } = await requestToken(emulator(), { client_secret: 'wrong' })
    expect(status).toBe(401)
    expectEntraError(body, 'invalid_client', 7000215)
  })

  it('answers an unknown client with AADSTS700016', async () => {
    const { status, body } = await requestToken(emulator(), {
      client_id: '99999999-0000-4000-8000-000000000000',
      client_secret: 'x'
    })
    expect(status).toBe(400)
    expectEntraError(body, 'unauthorized_client', 700016)
  })

  it('answers an unknown tenant with AADSTS90002', async () => {
    const { status, body } = await requestToken(
      emulator(),
      { client_secret: emulator().info.clientSecret },
      'contoso.example'
    )
    expect(status).toBe(400)
    expectEntraError(body, 'invalid_tenant', 90002)
  })
})
