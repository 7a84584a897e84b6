// ARM's authentication in front of the ARM half: ARM's 401 shapes, expiry under time compression.
import { describe, expect, it } from 'vitest'
import { FOREIGN_TENANT_ID } from '../../emulator/src/index.js'
import {
  armGet,
  requestToken,
  resourceGroupsPath,
  sleep,
  useEmulator
} from '../helpers/emulator.js'

// 60 emulated minutes = 1 real second.
const emulator = useEmulator({ timeScale: 3600, tokenLifetime: '60m' })

async function token(tenant?: string): Promise<string> {
  const { body } = await requestToken(
    emulator(),
    { client_secret: emulator().info.clientSecret },
    tenant
  )
  return body.access_token as string
}

async function expect401(response: Response, code: string): Promise<void> {
  expect(response.status).toBe(401)
  const challenge = response.headers.get('www-authenticate') ?? ''
  expect(challenge).toMatch(
    /^Bearer authorization_uri="https:\/\/[^"]+", error="invalid_token", error_description="[^"]+"$/
  )
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } })
  expect(response.headers.get('x-ms-correlation-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/)
}

describe('ARM authentication', () => {
  it('lets a valid token through to the ARM half, with ARM headers', async () => {
    const response = await armGet(emulator(), resourceGroupsPath(emulator()), await token())
    expect(response.status).not.toBe(401)
    expect(response.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toMatch(/^\d+$/)
    expect(response.headers.get('x-ms-correlation-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('keeps the client correlation id', async () => {
    const response = await fetch(
      `${emulator().info.armEndpoint}${resourceGroupsPath(emulator())}`,
      {
        headers: {
          authorization: `Bearer ${await token()}`,
          'x-ms-correlation-request-id': '0a0b0c0d-0000-4000-8000-000000000001'
        }
      }
    )
    expect(response.headers.get('x-ms-correlation-request-id')).toBe(
      '0a0b0c0d-0000-4000-8000-000000000001'
    )
  })

  it('answers an expired token with ExpiredAuthenticationToken', async () => {
    const bearer = await token()
    await sleep(1100)
    const response = await armGet(emulator(), resourceGroupsPath(emulator()), bearer)
    await expect401(response, 'ExpiredAuthenticationToken')
    expect(emulator().requestLog().at(-1)).toMatchObject({
      status: 401,
      errorCode: 'ExpiredAuthenticationToken'
    })
  })

  it('answers a token from another tenant with InvalidAuthenticationTokenTenant', async () => {
    await expect401(
      await armGet(emulator(), resourceGroupsPath(emulator()), await token(FOREIGN_TENANT_ID)),
      'InvalidAuthenticationTokenTenant'
    )
  })

  it('answers a malformed token with InvalidAuthenticationToken', async () => {
    await expect401(
      await armGet(emulator(), resourceGroupsPath(emulator()), 'not-a-jwt'),
      'InvalidAuthenticationToken'
    )
  })

  it('answers a missing Authorization header with AuthenticationFailed', async () => {
    await expect401(
      await armGet(emulator(), resourceGroupsPath(emulator())),
      'AuthenticationFailed'
    )
  })
})

describe('revocation with the SDK bearer policy', () => {
  const revoking = useEmulator({
    timeScale: 60,
    scenario: { faults: [{ kind: 'revoke-tokens', at: '2m' }] }
  })

  it('answers a CAE token with a claims challenge the pipeline satisfies with a fresh token', async () => {
    const { ClientSecretCredential } = await import('@azure/identity')
    const {
      bearerTokenAuthenticationPolicy,
      createEmptyPipeline,
      createHttpHeaders,
      createPipelineRequest,
      createDefaultHttpClient
    } = await import('@azure/core-rest-pipeline')
    const { info } = revoking()
    const credential = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
      authorityHost: info.authorityHost,
      disableInstanceDiscovery: true
    })
    const pipeline = createEmptyPipeline()
    pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ credential, scopes: `${info.armEndpoint}/.default` })
    )
    const client = createDefaultHttpClient()
    const call = () =>
      pipeline.sendRequest(
        client,
        createPipelineRequest({
          url: `${info.armEndpoint}${resourceGroupsPath(revoking())}`,
          headers: createHttpHeaders()
        })
      )
    expect((await call()).status).not.toBe(401)
    await sleep(2200) // past the revocation at 2 emulated minutes
    expect((await call()).status).not.toBe(401)
    const arm = revoking()
      .requestLog()
      .filter((e) => e.service === 'arm')
    expect(arm.map((e) => e.status === 401)).toEqual([false, true, false])
    expect(arm[1].tokenId).toBe(arm[0].tokenId)
    expect(arm[2].tokenId).not.toBe(arm[0].tokenId)
  })
})
