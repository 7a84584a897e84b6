import { describe, expect, it } from 'vitest'
import { backoff, baseRetryDelay, nextRefresh } from '../../../src/auth/refresh-schedule.js'

const MIN = 60_000

describe('nextRefresh', () => {
  it.each([
    // lifetime, interval → when (after acquisition), why
    [60 * MIN, 45 * MIN, 45 * MIN, 'timer'],
    [60 * MIN, 6 * 60 * MIN, 54 * MIN, 'expiry'],
    [120 * MIN, 6 * 60 * MIN, 110 * MIN, 'expiry'], // margin capped at 10 min
    [60_000, 45_000, 45_000, 'timer'], // compressed: the same shape in seconds
    [60_000, 60_000, 54_000, 'expiry'],
    [5_000, 60_000, 4_000, 'expiry'] // margin at least 1 s
  ] as const)(
    'a %i ms token with a %i ms interval refreshes after %i ms (%s)',
    (life, interval, at, why) => {
      expect(nextRefresh(1_000, 1_000 + life, interval)).toEqual({ at: 1_000 + at, reason: why })
    }
  )
})

describe('retry delays', () => {
  it('scale with the lifetime: 20 s for 60 minutes, 333 ms for 60 seconds', () => {
    expect(baseRetryDelay(60 * MIN)).toBe(20_000)
    expect(baseRetryDelay(90 * MIN)).toBe(20_000)
    expect(Math.round(baseRetryDelay(60_000))).toBe(333)
  })

  it('double per attempt up to 6x, with +-20 % jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 20_000, 0.5))).toEqual([
      20_000, 40_000, 80_000, 120_000, 120_000
    ])
    expect(backoff(1, 20_000, 0)).toBe(16_000)
    expect(backoff(1, 20_000, 0.999999)).toBe(24_000)
  })
})
