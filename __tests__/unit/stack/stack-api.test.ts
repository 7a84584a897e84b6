// The stacks client is built like the deployments client: our token refresher's auth (a 401 gets
// one forced refresh and one re-send), the cloud's endpoint and the stacks api-version the SDK
// models. Driven against the emulator, whose request log says which token each request carried.
import type { AccessToken } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import type { TokenRefresher } from '../../../src/auth/token-refresher.js'
import { requestTimeouts } from '../../../src/azure/request-timeout.js'
import type { CloudSettings } from '../../../src/settings/settings.js'
import { createStackApi } from '../../../src/stack/stack-api.js'
import { FakeLogger } from '../../helpers/fakes.js'
import { useEmulator } from '../../helpers/emulator.js'
import { clients } from '../../emulator/stacks/clients.js'

const emulator = useEmulator({ timeScale: 60 })

/** The refresher as the auth policy sees it: a token ARM refuses, then real ones when forced. */
function refresher(fresh: () => Promise<AccessToken>): TokenRefresher & { forced: string[] } {
  let current: AccessToken = { token: 'not-a-token', expiresOnTimestamp: Date.now() + 3_600_000 }
  const forced: string[] = []
  const fake = {
    forced,
    getToken: () => Promise.resolve(current),
    forceRefresh: async (reason: string) => {
      forced.push(reason)
      current = await fresh()
      return current
    }
  }
  return fake as unknown as TokenRefresher & { forced: string[] }
}

describe('createStackApi', () => {
  it("sends the refresher's token, and after a 401 one re-send with a forced fresh one", async () => {
    const e = emulator()
    const cloud: CloudSettings = {
      name: 'custom',
      resourceManagerEndpoint: e.info.armEndpoint,
      authorityHost: e.info.authorityHost,
      armScope: `${e.info.armEndpoint}/.default`,
      portalUrl: 'https://portal.example.test'
    }
    const { credential } = clients(e)
    const tokens = refresher(async () => {
      const t = await credential.getToken(cloud.armScope)
      return { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp }
    })
    const api = createStackApi(cloud, tokens, new FakeLogger(), requestTimeouts(30_000))
    const target = {
      type: 'resourceGroup' as const,
      subscriptionId: e.info.subscriptionId,
      resourceGroupName: 'rg-emulator'
    }
    await expect(api.get(target, 'none-such')).rejects.toMatchObject({ statusCode: 404 })
    expect(tokens.forced).toEqual([expect.stringMatching(/^401 \w+ from GET /)])
    const reads = e
      .requestLog()
      .filter((r) => r.service === 'arm' && r.path.includes('/deploymentStacks/none-such'))
    expect(reads.map((r) => r.status)).toEqual([401, 404])
    expect(reads[0].path).toContain('api-version=2024-03-01')
  })
})
