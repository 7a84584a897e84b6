import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration, parseIsoDuration } from '../../src/duration.js'

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['45m', 2_700_000],
    ['1h30m', 5_400_000],
    ['2h15m10s', 8_110_000],
    ['6h', 21_600_000],
    ['90', 90_000],
    [' 1H ', 3_600_000]
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', 'abc', '1.5h', '30 s', 'm', '-5', '1d', '30m1h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [90_000, '1m30s'],
    [31 * 60_000, '31m'],
    [65 * 60_000, '1h05m'],
    [3 * 3_600_000, '3h']
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('parseIsoDuration', () => {
  it.each([
    ['PT0S', 0],
    ['PT1M30.5S', 90_500],
    ['PT2H', 7_200_000],
    ['P1DT1H', 90_000_000]
  ])('%s', (text, ms) => expect(parseIsoDuration(text)).toBe(ms))
  it('is undefined for junk', () => expect(parseIsoDuration('90s')).toBeUndefined())
})

describe('formatDuration precise', () => {
  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [20_000, '20s'],
    [3_600_000, '3600s']
  ])('%s ms → %s', (ms, text) => expect(formatDuration(ms, { precise: true })).toBe(text))
})
