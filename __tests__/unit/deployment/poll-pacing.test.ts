import { createHttpHeaders } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import {
  pacedInterval,
  PollPacer,
  pollIntervalAdvice
} from '../../../src/deployment/poll-pacing.js'
import { FakeLogger } from '../../helpers/fakes.js'

const T0 = Date.parse('2026-01-01T10:00:00Z')
const reads = (n: number | string, extra: Record<string, string> = {}) =>
  createHttpHeaders({ 'x-ms-ratelimit-remaining-subscription-reads': String(n), ...extra })

describe('pacedInterval', () => {
  it('keeps the interval while half of the bucket is left, then stretches it as 125/remaining, at most 10x', () => {
    expect(pacedInterval(30_000, undefined)).toBe(30_000)
    expect(pacedInterval(30_000, 11_999)).toBe(30_000)
    expect(pacedInterval(30_000, 125)).toBe(30_000)
    expect(pacedInterval(30_000, 100)).toBe(37_500)
    expect(pacedInterval(30_000, 62.5)).toBe(60_000)
    expect(pacedInterval(30_000, 25)).toBe(150_000)
    expect(pacedInterval(30_000, 12)).toBe(300_000)
    expect(pacedInterval(30_000, 0)).toBe(300_000)
  })
})

describe('PollPacer', () => {
  function pacer() {
    const log = new FakeLogger()
    return { log, pacer: new PollPacer(30_000, log, () => T0) }
  }
  /** One poll that saw these responses; returns the wait before the next. */
  const poll = (p: PollPacer, ...responses: ReturnType<typeof reads>[]) => {
    p.beginPoll()
    for (const r of responses) p.observe(r)
    return p.nextWait()
  }

  it('paces on the lowest count a poll saw, says so once, and says when the budget recovered', () => {
    const { log, pacer: p } = pacer()
    expect(poll(p, reads(240), reads(239))).toBe(30_000)
    expect(poll(p, reads(80), reads(50))).toBe(75_000)
    expect(poll(p, reads(25))).toBe(150_000)
    expect(poll(p, reads(200))).toBe(30_000)
    expect(log.at('info')).toEqual([
      'Pacing polls: ARM has 50 reads left for this subscription (x-ms-ratelimit-remaining-subscription-reads): next poll in 1m15s instead of 30s, so jobs sharing the subscription are not throttled',
      "ARM's read budget recovered (200 reads left): polling every 30s again"
    ])
    expect(log.at('debug')).toEqual([
      'ARM has 25 reads left for this subscription (x-ms-ratelimit-remaining-subscription-reads): next poll in 2m30s instead of 30s, so jobs sharing the subscription are not throttled'
    ])
    expect(log.at('warning')).toEqual([])
  })

  it('keeps the last count through a poll that saw no header (a failed read)', () => {
    const { pacer: p } = pacer()
    expect(poll(p, reads(25))).toBe(150_000)
    expect(poll(p)).toBe(150_000)
  })

  it('never waits less than Retry-After', () => {
    const { log, pacer: p } = pacer()
    expect(poll(p, reads(240, { 'retry-after': '120' }))).toBe(120_000)
    expect(poll(p, reads(240))).toBe(30_000)
    expect(log.at('info')).toEqual(['ARM is throttling (Retry-After 2m); next poll in 2m'])
  })

  it('after a 429 with the bucket empty, waits the longer of pacing and Retry-After, and says both', () => {
    const { log, pacer: p } = pacer()
    expect(poll(p, reads(0, { 'retry-after': '60' }))).toBe(300_000)
    expect(log.at('info')).toEqual([
      'ARM is throttling (Retry-After 1m); next poll in 5m',
      'Pacing polls: ARM has 0 reads left for this subscription (x-ms-ratelimit-remaining-subscription-reads): next poll in 5m instead of 30s, so jobs sharing the subscription are not throttled'
    ])
  })

  it('ignores a count it cannot read', () => {
    const { pacer: p } = pacer()
    expect(poll(p, reads('n/a'), reads(''), reads(-3))).toBe(30_000)
  })
})

describe('pollIntervalAdvice', () => {
  it('warns under 10 s against a real cloud, with the numbers that matter', () => {
    expect(pollIntervalAdvice(5_000, 'azureCloud')).toBe(
      "Input 'poll-interval' is 5s: polling more often than every 10s spends the subscription's ARM read budget (250 reads, refilled 25 a second, shared by every job using this subscription and identity) without showing progress sooner, and can get those jobs throttled. The default is 30s."
    )
    expect(pollIntervalAdvice(500, 'azureUSGovernment')).toContain(
      "Input 'poll-interval' is 500ms:"
    )
  })

  it('says nothing at 10 s and above, or against custom endpoints (the emulator, Azure Stack)', () => {
    expect(pollIntervalAdvice(10_000, 'azureCloud')).toBeUndefined()
    expect(pollIntervalAdvice(30_000, 'azureChinaCloud')).toBeUndefined()
    expect(pollIntervalAdvice(1_000, 'custom')).toBeUndefined()
  })
})
