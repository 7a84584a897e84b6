import { createHttpHeaders } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { remainingReads, retryAfterMs } from '../../../src/azure/read-throttle.js'

const T0 = Date.parse('2026-01-01T10:00:00Z')

describe('remainingReads', () => {
  it("reads ARM's count, and nothing from an absent or unreadable header", () => {
    const h = (v?: string) =>
      createHttpHeaders(v === undefined ? {} : { 'x-ms-ratelimit-remaining-subscription-reads': v })
    expect(remainingReads(h('249'))).toBe(249)
    expect(remainingReads(h('0'))).toBe(0)
    expect(remainingReads(h())).toBeUndefined()
    expect(remainingReads(h(''))).toBeUndefined()
    expect(remainingReads(h('lots'))).toBeUndefined()
    expect(remainingReads(h('-1'))).toBeUndefined()
  })
})

describe('retryAfterMs', () => {
  it('takes seconds or an HTTP date, and 0 when absent, past or unreadable', () => {
    const h = (v?: string) => createHttpHeaders(v === undefined ? {} : { 'retry-after': v })
    expect(retryAfterMs(h('17'), T0)).toBe(17_000)
    expect(retryAfterMs(h(new Date(T0 + 90_000).toUTCString()), T0)).toBe(90_000)
    expect(retryAfterMs(h(new Date(T0 - 5_000).toUTCString()), T0)).toBe(0)
    expect(retryAfterMs(h(), T0)).toBe(0)
    expect(retryAfterMs(h('soon'), T0)).toBe(0)
  })
})
