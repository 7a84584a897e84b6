import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../src/duration.js'

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
