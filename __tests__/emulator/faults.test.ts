// Every fault kind, reproduced twice with the same seed: the request logs must be the same.
import { describe, expect, it } from 'vitest'
import { armGets, bearer, rawGet, statuses, twice } from './fault-runs.js'
import { requestToken, sleep } from '../helpers/emulator.js'

describe('faults', () => {
  it('throttle: a read bucket that answers 429 with Retry-After once empty', async () => {
    const { result, log } = await twice(
      [{ kind: 'throttle', capacity: 3, refillPerSecond: 0, retryAfterSeconds: 2 }],
      async (emulator) => armGets(emulator, await bearer(emulator), 5)
    )
    expect(statuses(result).map((s) => s === 429)).toEqual([false, false, false, true, true])
    expect(result.slice(3).map((o) => ('retryAfter' in o ? o.retryAfter : undefined))).toEqual([
      '2',
      '2'
    ])
    expect(log.filter((e) => e.fault === 'throttle').map((e) => e.errorCode)).toEqual([
      'SubscriptionRequestsThrottled',
      'SubscriptionRequestsThrottled'
    ])
  })

  it('throttle refills at the emulated rate', async () => {
    // One token per 2 emulated seconds at time scale 2 = one per real second.
    const { result } = await twice(
      [{ kind: 'throttle', capacity: 2, refillPerSecond: 0.5 }],
      async (emulator) => {
        const token = await bearer(emulator)
        const burst = await armGets(emulator, token, 3)
        await sleep(1200)
        return [...burst, ...(await armGets(emulator, token, 1))]
      },
      2
    )
    expect(statuses(result).map((s) => s === 429)).toEqual([false, false, true, false])
    expect('retryAfter' in result[2] && result[2].retryAfter).toBe('1')
  })

  it('http-error: a burst of 503s on matching ARM requests', async () => {
    const { result, log } = await twice(
      [
        {
          kind: 'http-error',
          status: 503,
          count: 2,
          method: 'GET',
          pathContains: '/resourcegroups'
        }
      ],
      async (emulator) => armGets(emulator, await bearer(emulator), 3)
    )
    expect(statuses(result).slice(0, 2)).toEqual([503, 503])
    expect(result[2].status).not.toBe(503)
    expect(log.filter((e) => e.fault === 'http-error:503').map((e) => e.errorCode)).toEqual([
      'ServiceUnavailable',
      'ServiceUnavailable'
    ])
  })

  it('reset: the next connection is destroyed', async () => {
    const { result, log } = await twice([{ kind: 'reset', count: 1 }], async (emulator) =>
      armGets(emulator, await bearer(emulator), 2)
    )
    expect(result[0].status).toBe('reset')
    expect(result[1].status).not.toBe('reset')
    expect(log.filter((e) => e.fault === 'reset')).toHaveLength(1)
  })

  it('latency: added real milliseconds on ARM responses', async () => {
    const { result, log } = await twice(
      [{ kind: 'latency', ms: 300, count: 1 }],
      async (emulator) => armGets(emulator, await bearer(emulator), 2)
    )
    expect(result[0].ms).toBeGreaterThanOrEqual(300)
    expect(log.filter((e) => e.fault === 'latency')).toHaveLength(1)
  })

  it('arm-down: ARM unreachable for a window', async () => {
    // 2 emulated minutes at time scale 60 = 2 real seconds.
    const { result } = await twice(
      [{ kind: 'arm-down', from: '0s', for: '2m' }],
      async (emulator) => {
        const token = await bearer(emulator)
        const during = await armGets(emulator, token, 2)
        await sleep(2100)
        return [...during, ...(await armGets(emulator, token, 1))]
      }
    )
    expect(statuses(result).slice(0, 2)).toEqual(['reset', 'reset'])
    expect(result[2].status).not.toBe('reset')
  })

  it('token-endpoint-down: Entra answers 503 for a window', async () => {
    const { result, log } = await twice(
      [{ kind: 'token-endpoint-down', for: '2m' }],
      async (emulator) => {
        const during = await requestToken(emulator, {
          client_secret: emulator.info.clientSecret
        }).catch(() => ({ status: 503 }))
        await sleep(2100)
        const after = await requestToken(emulator, { client_secret: emulator.info.clientSecret })
        return [during.status, after.status]
      }
    )
    expect(result).toEqual([503, 200])
    expect(log[0]).toMatchObject({ service: 'entra', status: 503, fault: 'token-endpoint-down' })
  })

  it('oidc-error: the ID-token endpoint answers 5xx for a window', async () => {
    const { result } = await twice(
      [{ kind: 'oidc-error', status: 500, for: '2m' }],
      async (emulator) => {
        const call = () =>
          rawGet(`${emulator.info.oidcRequestUrl}&audience=api://AzureADTokenExchange`, {
            authorization: `Bearer ${emulator.info.oidcRequestToken}`
          })
        const during = await call()
        await sleep(2100)
        return [during.status, (await call()).status]
      }
    )
    expect(result).toEqual([500, 200])
  })

  it('revoke-tokens: ARM answers 401 before exp for tokens issued before the revocation', async () => {
    const { result, log } = await twice(
      [{ kind: 'revoke-tokens', at: '90s' }],
      async (emulator) => {
        const old = await bearer(emulator)
        const before = await armGets(emulator, old, 1)
        await sleep(1600) // 96 emulated seconds
        const after = await armGets(emulator, old, 1)
        const renewed = await armGets(emulator, await bearer(emulator), 1)
        return statuses([...before, ...after, ...renewed])
      }
    )
    expect(result[0]).not.toBe(401)
    expect(result[1]).toBe(401)
    expect(result[2]).not.toBe(401)
    expect(log.filter((e) => e.status === 401).map((e) => e.errorCode)).toEqual([
      'InvalidAuthenticationToken'
    ])
  })
})
