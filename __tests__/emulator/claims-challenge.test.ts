// CAE claims challenges (`claims-challenge` fault): ARM answers 401 with error="insufficient_claims"
// and the claims a token must carry; Entra's token endpoint takes a `claims` parameter and issues a
// token that carries them; ARM then accepts it. With the real @azure/identity and ARM SDK.
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { armGet, resourceGroupsPath, withEmulator } from '../helpers/emulator.js'

const credentialFor = (e: StartedEmulator) =>
  new ClientSecretCredential(e.info.tenantId, e.info.clientId, e.info.clientSecret, {
    authorityHost: e.info.authorityHost,
    disableInstanceDiscovery: true
  })

/** The claims of a `Bearer … error="insufficient_claims", claims="<base64>"` challenge. */
function challengedClaims(header: string | null): string {
  expect(header).toMatch(
    /^Bearer realm="", authorization_uri="https:\/\/[^"]+", client_id="[^"]+", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/
  )
  return Buffer.from(/claims="([^"]+)"/.exec(header ?? '')?.[1] ?? '', 'base64').toString('utf8')
}

describe('claims-challenge', () => {
  it('ARM challenges until the token carries the claims; getToken with claims gets one', async (ctx) => {
    const e = await withEmulator(ctx, { scenario: { faults: [{ kind: 'claims-challenge' }] } })
    const credential = credentialFor(e)
    const scope = `${e.info.armEndpoint}/.default`
    const plain = await credential.getToken(scope)
    const refused = await armGet(e, resourceGroupsPath(e), plain.token)
    expect(refused.status).toBe(401)
    const claims = challengedClaims(refused.headers.get('www-authenticate'))
    expect(JSON.parse(claims)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } })
    expect(await refused.json()).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message:
          'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: InsufficientClaims'
      }
    })
    // A fresh token without the claims is refused too: only the claims satisfy the challenge.
    const stillPlain = await credentialFor(e).getToken(scope)
    expect((await armGet(e, resourceGroupsPath(e), stillPlain.token)).status).toBe(401)

    const answered = await credential.getToken(scope, { claims })
    expect(answered.token).not.toBe(plain.token)
    const payload = JSON.parse(Buffer.from(answered.token.split('.')[1], 'base64url').toString())
    expect(payload.acrs).toEqual(['c1'])
    expect((await armGet(e, resourceGroupsPath(e), answered.token)).status).toBe(200)
    const tokenRequest = e
      .requestLog()
      .filter((l) => l.service === 'entra' && l.tokenId === payload.jti)
    expect(tokenRequest).toHaveLength(1)
  })

  it('the ARM SDK’s bearer policy answers the challenge by itself', async (ctx) => {
    const e = await withEmulator(ctx, {
      scenario: { faults: [{ kind: 'claims-challenge', pathContains: '/deployments' }] }
    })
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-cae', 'westeurope')
    const client = new DeploymentsClient(credentialFor(e), e.info.subscriptionId, {
      endpoint: e.info.armEndpoint,
      credentials: { scopes: [`${e.info.armEndpoint}/.default`] }
    })
    const listed = []
    for await (const d of client.deployments.listByResourceGroup('rg-cae')) listed.push(d)
    expect(listed).toEqual([])
    const arm = e.requestLog().filter((l) => l.service === 'arm')
    expect(arm.map((l) => [l.status, l.errorCode])).toEqual([
      [401, 'InvalidAuthenticationToken'],
      [200, undefined]
    ])
    const tokens = e.requestLog().filter((l) => l.service === 'entra' && l.method === 'POST')
    expect(tokens.map((l) => l.status)).toEqual([200, 200])
  })

  it('with count, only that many challenges are sent', async (ctx) => {
    const e = await withEmulator(ctx, {
      scenario: { faults: [{ kind: 'claims-challenge', count: 1 }] }
    })
    const token = (await credentialFor(e).getToken(`${e.info.armEndpoint}/.default`)).token
    const statuses = [
      (await armGet(e, resourceGroupsPath(e), token)).status,
      (await armGet(e, resourceGroupsPath(e), token)).status
    ]
    expect(statuses).toEqual([401, 200])
  })
})
