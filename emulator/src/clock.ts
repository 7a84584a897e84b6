// Emulated time: the wire carries real time, emulated durations are divided by the time scale.
import type { EmulatorClock, Random } from './types.js'

export function createClock(timeScale: number, startedAt = Date.now()): EmulatorClock {
  if (!(timeScale > 0)) throw new Error(`time scale: expected a positive number, got ${timeScale}`)
  return {
    timeScale,
    now: () => Date.now(),
    emulatedElapsed: () => (Date.now() - startedAt) * timeScale,
    toReal: (emulatedMs) => emulatedMs / timeScale,
    after(emulatedMs, fn) {
      const timer = setTimeout(fn, Math.max(0, emulatedMs / timeScale))
      timer.unref()
      return () => clearTimeout(timer)
    }
  }
}

/** mulberry32: small, fast and good enough to make a seed reproduce a run. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
}
