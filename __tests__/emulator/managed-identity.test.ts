// The managed-identity endpoint (App Service / Container Apps form) with the real
// ManagedIdentityCredential, and msal-node's ManagedIdentityApplication for forceRefresh, which
// @azure/identity does not pass on. msal-node keeps the managed-identity source (endpoint and
// header) in a static field, so one process talks to one emulator: one per test file.
import { ManagedIdentityCredential } from '@azure/identity'
import { ManagedIdentityApplication } from '@azure/msal-node'
import { describe, expect, it } from 'vitest'
import { miRequests, useIdentityEnv } from './managed-identity-env.js'
import { armGet, resourceGroupsPath, useEmulator } from '../helpers/emulator.js'

const emulator = useEmulator({ timeScale: 1, tokenLifetime: '60m' })

// msal-node caches managed-identity tokens in one static cache per process, keyed by identity and
// resource: each test asks for its own resource (all accepted by ARM) so none sees another's token.
describe('ManagedIdentityCredential against IDENTITY_ENDPOINT / IDENTITY_HEADER', () => {
  useIdentityEnv(emulator)

  it('system-assigned: a token ARM accepts, logged as a managed-identity request', async () => {
    const token = await new ManagedIdentityCredential().getToken(
      `${emulator().info.armEndpoint}/.default`
    )
    const minutes = ((token?.expiresOnTimestamp ?? 0) - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(59)
    expect(minutes).toBeLessThanOrEqual(60)
    const response = await armGet(emulator(), resourceGroupsPath(emulator()), token.token)
    expect(response.status).toBe(200)
    const issued = miRequests(emulator()).at(-1)
    expect(issued).toMatchObject({
      method: 'GET',
      status: 200,
      credentialKind: 'managed-identity'
    })
    expect(issued?.path).toMatch(/^\/msi\/token\?api-version=2019-08-01&resource=/)
    const armCall = emulator().requestLog().at(-1)
    expect(armCall?.tokenId).toBe(issued?.tokenId)
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString())
    expect(claims.appid).toBe(emulator().info.managedIdentityClientId)
  })

  it('user-assigned by client id and by resource id', async () => {
    const { userAssignedIdentity } = emulator().info
    const byClientId = await new ManagedIdentityCredential({
      clientId: userAssignedIdentity.clientId
    }).getToken('https://management.azure.com/.default')
    const byResourceId = await new ManagedIdentityCredential({
      resourceId: userAssignedIdentity.resourceId
    }).getToken('https://management.core.windows.net//.default')
    for (const token of [byClientId, byResourceId]) {
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString())
      expect(claims.appid).toBe(userAssignedIdentity.clientId)
      expect((await armGet(emulator(), resourceGroupsPath(emulator()), token.token)).status).toBe(
        200
      )
    }
    const paths = miRequests(emulator())
      .slice(-2)
      .map((e) => e.path)
    expect(paths[0]).toContain(`client_id=${userAssignedIdentity.clientId}`)
    expect(paths[1]).toContain('mi_res_id=')
  })

  it('an identity the app does not have fails with App Service’s message', async () => {
    const credential = new ManagedIdentityCredential({
      clientId: '00000000-0000-4000-8000-0000000000ff'
    })
    await expect(credential.getToken('https://management.azure.com//.default')).rejects.toThrow(
      /No User Assigned or Delegated Managed Identity found for specified ClientId\/ResourceId\/PrincipalId/
    )
  })

  it('a wrong IDENTITY_HEADER is refused', async () => {
    const response = await fetch(
      `${emulator().info.identityEndpoint}?api-version=2019-08-01&resource=https://management.azure.com/`,
      { headers: { 'x-identity-header': 'wrong' } }
    )
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      statusCode: 401,
      message: 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.'
    })
    const old = await fetch(
      `${emulator().info.identityEndpoint}?api-version=2017-09-01&resource=https://management.azure.com/`,
      { headers: { 'x-identity-header': emulator().info.identityHeader } }
    )
    expect(old.status).toBe(400)
  })

  it('msal caches: a new credential gets the same token; only forceRefresh asks the endpoint again', async () => {
    const scope = `${emulator().info.armEndpoint}/`
    const before = miRequests(emulator()).length
    const first = await new ManagedIdentityCredential().getToken(`${scope}/.default`)
    const again = await new ManagedIdentityCredential().getToken(`${scope}/.default`)
    expect(again.token).toBe(first.token)
    expect(miRequests(emulator()).length - before).toBe(1)
    // @azure/identity 4 does not pass forceRefresh to msal; msal-node's own app does.
    const app = new ManagedIdentityApplication()
    const cached = await app.acquireToken({ resource: scope })
    expect(cached.accessToken).toBe(first.token)
    expect(miRequests(emulator()).length - before).toBe(1)
    const fresh = await app.acquireToken({ resource: scope, forceRefresh: true })
    expect(fresh.accessToken).not.toBe(first.token)
    expect(miRequests(emulator()).length - before).toBe(2)
    expect(
      (await armGet(emulator(), resourceGroupsPath(emulator()), fresh.accessToken)).status
    ).toBe(200)
    // The credential now gets the refreshed token from the shared cache.
    expect((await new ManagedIdentityCredential().getToken(`${scope}/.default`)).token).toBe(
      fresh.accessToken
    )
  })
})
