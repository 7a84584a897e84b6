import { describe, expect, it } from 'vitest'
import {
  CANCEL_WAIT_MS,
  CanceledBeforeStart,
  cancelWaitMs,
  hardStopAt,
  untilCanceled,
  withinGrace
} from '../../../src/flow/cancellation.js'

const never = <T>(): Promise<T> => new Promise<T>(() => undefined)

describe('withinGrace', () => {
  it('without a cancel: the work result, however long it takes', async () => {
    const controller = new AbortController()
    const work = new Promise<string>((r) => setTimeout(() => r('done'), 30))
    await expect(withinGrace(work, controller.signal, () => 'abandoned', 10)).resolves.toBe('done')
  })

  it('canceled while the work hangs (a PUT held up by a slow ARM): abandoned after the grace', async () => {
    const controller = new AbortController()
    const result = withinGrace(never<string>(), controller.signal, () => 'abandoned', 50)
    const t0 = Date.now()
    controller.abort()
    await expect(result).resolves.toBe('abandoned')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45)
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('work that finishes within the grace after a cancel still counts', async () => {
    const controller = new AbortController()
    controller.abort()
    const work = new Promise<string>((r) => setTimeout(() => r('done'), 10))
    await expect(withinGrace(work, controller.signal, () => 'abandoned', 200)).resolves.toBe('done')
  })

  it('a failure within the grace passes through', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      withinGrace(Promise.reject(new Error('409')), controller.signal, () => 'abandoned', 200)
    ).rejects.toThrow('409')
  })
})

describe('untilCanceled', () => {
  it('rejects with CanceledBeforeStart at once', async () => {
    const controller = new AbortController()
    const result = untilCanceled(never<string>(), controller.signal)
    controller.abort()
    await expect(result).rejects.toBeInstanceOf(CanceledBeforeStart)
  })
})

describe('hardStopAt', () => {
  it('SIGINT: exit before the SIGTERM 7.5 s later', () => {
    expect(hardStopAt('SIGINT', 1000)).toBe(8000)
  })
  it('a first SIGTERM leaves only the 2.5 s before the kill', () => {
    expect(hardStopAt('SIGTERM', 1000)).toBe(3000)
  })
  it('SIGTERM soon after SIGINT brings the stop forward; a later signal never pushes it back', () => {
    const afterInt = hardStopAt('SIGINT', 0)
    expect(hardStopAt('SIGTERM', 1000, afterInt)).toBe(3000)
    expect(hardStopAt('SIGTERM', 6000, afterInt)).toBe(7000)
    expect(hardStopAt('SIGINT', 3000, 3000)).toBe(3000)
  })
})

describe('cancelWaitMs', () => {
  it('waits the full 4 s after SIGINT, but ends 1 s before the hard stop after a first SIGTERM', () => {
    expect(cancelWaitMs(0, undefined)).toBe(CANCEL_WAIT_MS)
    expect(cancelWaitMs(1000, hardStopAt('SIGINT', 0))).toBe(CANCEL_WAIT_MS)
    expect(cancelWaitMs(1000, hardStopAt('SIGTERM', 0))).toBe(1)
    expect(cancelWaitMs(0, hardStopAt('SIGTERM', 0))).toBe(1000)
  })
})
