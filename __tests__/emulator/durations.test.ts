import { describe, expect, it } from 'vitest'
import { createClock, createRandom } from '../../emulator/src/clock.js'
import { parseDuration } from '../../emulator/src/durations.js'

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['1h30m', 5_400_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    ['90', 90_000],
    ['1.5m', 90_000]
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', 'soon', '10x', '1h 30m', '-5s'])('rejects %j naming what it is', (text) => {
    expect(() => parseDuration(text, 'scenario.durations.byType.x')).toThrow(
      `scenario.durations.byType.x: expected a duration like 90s, 45m or 1h30m, got '${text}'`
    )
  })
})

describe('clock', () => {
  it('divides emulated durations by the time scale', () => {
    const clock = createClock(60)
    expect(clock.toReal(60_000)).toBe(1000)
    expect(clock.timeScale).toBe(60)
  })

  it('runs emulated timers after the real duration', async () => {
    const clock = createClock(600)
    const started = Date.now()
    await new Promise<void>((resolve) => clock.after(60_000, resolve)) // 1 emulated minute = 100 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    expect(clock.emulatedElapsed()).toBeGreaterThanOrEqual(57_000)
  })
})

describe('seeded random', () => {
  it('repeats for a seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed).next)
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
    for (const x of draw(9)) expect(x >= 0 && x < 1).toBe(true)
  })
})
