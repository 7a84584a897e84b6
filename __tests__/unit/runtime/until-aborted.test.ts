import { describe, expect, it } from 'vitest'
import { untilAborted } from '../../../src/runtime/until-aborted.js'

describe('untilAborted', () => {
  it("passes the work's result through while the signal is quiet", async () => {
    const controller = new AbortController()
    await expect(
      untilAborted(Promise.resolve(7), controller.signal, () => new Error('x'))
    ).resolves.toBe(7)
  })
  it("rejects with the caller's error once the signal aborts, and leaves the work behind", async () => {
    const controller = new AbortController()
    const pending = untilAborted(
      new Promise<never>(() => {}),
      controller.signal,
      () => new Error('stopped')
    )
    controller.abort()
    await expect(pending).rejects.toThrow('stopped')
  })
  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      untilAborted(Promise.resolve(1), controller.signal, () => new Error('late'))
    ).rejects.toThrow('late')
  })
})
