import { describe, expect, it } from 'vitest'
import type { TokenRefresher } from '../../../src/auth/token-refresher.js'
import type { ArmTokenSource } from '../../../src/azure/arm-auth-policy.js'
import { createArmClients } from '../../../src/azure/client-factory.js'
import { FakeLogger } from '../../helpers/fakes.js'

const cloud = {
  name: 'custom',
  resourceManagerEndpoint: 'https://127.0.0.1:1',
  authorityHost: 'https://127.0.0.1:1',
  armScope: 'https://127.0.0.1:1/.default',
  portalUrl: 'https://portal.example'
}
const token = { token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }
const refresher = {
  getToken: () => Promise.resolve(token),
  forceRefresh: () => Promise.resolve(token)
} as unknown as TokenRefresher & ArmTokenSource

describe('createArmClients', () => {
  it("builds each subscription's client once, with our auth and deadlines and without the policies every request would pay for", () => {
    const clients = createArmClients(cloud, refresher, new FakeLogger())
    const client = clients.forSubscription('00000000-0000-4000-8000-00000000A001')
    expect(clients.forSubscription('00000000-0000-4000-8000-00000000a001')).toBe(client)
    const names = client.pipeline.getOrderedPolicies().map((p) => p.name)
    expect(names).toEqual(
      expect.arrayContaining(['durableArmAuthPolicy', 'durableArmRequestTimeout'])
    )
    for (const dropped of [
      'bearerTokenAuthenticationPolicy',
      'tracingPolicy',
      'formDataPolicy',
      'multipartPolicy'
    ])
      expect(names).not.toContain(dropped)
    // What stays: retries (429, 5xx, network), redirects, the user agent, request ids, logging.
    expect(names).toEqual(
      expect.arrayContaining([
        'defaultRetryPolicy',
        'redirectPolicy',
        'userAgentPolicy',
        'logPolicy'
      ])
    )
  })
})
