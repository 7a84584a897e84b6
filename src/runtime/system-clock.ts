/**
 * The real Clock for the auth modules: Date.now and an abortable setTimeout sleep. Waits that nobody
 * awaits (idleSleep) use unref'd timers so a pending refresh never keeps the process alive.
 */
import type { Clock } from './ports.js'

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => timerSleep(ms, signal, false)
}

function unrefSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return timerSleep(ms, signal, true)
}

function timerSleep(ms: number, signal: AbortSignal | undefined, unref: boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal))
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortError(signal))
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms)
    )
    if (unref) timer.unref()
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason
  return reason instanceof Error
    ? reason
    : new DOMException('The operation was aborted', 'AbortError')
}

/**
 * A wait nobody is blocked on (the next scheduled refresh, a retry while the token is still valid):
 * with the system clock its timer is unref'd so it never keeps the process alive; an injected clock
 * just sleeps.
 */
export function idleSleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (clock !== systemClock) return clock.sleep(ms, signal)
  return unrefSleep(ms, signal)
}
