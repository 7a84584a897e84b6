// Managed-identity tokens under compressed time: ARM expires them as it does Entra's. Its own file
// (so its own process): msal-node binds a process to the first IDENTITY_ENDPOINT it sees.
import { ManagedIdentityCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import { miRequests, useIdentityEnv } from './managed-identity-env.js'
import { armGet, resourceGroupsPath, sleep, useEmulator } from '../helpers/emulator.js'

describe('managed-identity tokens expire at ARM like Entra’s', () => {
  // 600x: a 10-minute token lives 1 s real, inside msal's 5-minute (real) renewal margin, so
  // msal asks the endpoint again on every call.
  const emulator = useEmulator({ timeScale: 600, tokenLifetime: '10m' })
  useIdentityEnv(emulator)

  it('an expired token gets 401 ExpiredAuthenticationToken; the next getToken is a new token', async () => {
    const credential = new ManagedIdentityCredential()
    const scope = `${emulator().info.armEndpoint}/.default`
    const first = await credential.getToken(scope)
    await sleep(1100)
    const expired = await armGet(emulator(), resourceGroupsPath(emulator()), first.token)
    expect(expired.status).toBe(401)
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe(
      'ExpiredAuthenticationToken'
    )
    const second = await credential.getToken(scope)
    expect(second.token).not.toBe(first.token)
    expect((await armGet(emulator(), resourceGroupsPath(emulator()), second.token)).status).toBe(
      200
    )
    expect(miRequests(emulator())).toHaveLength(2)
  })
})
