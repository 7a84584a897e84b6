// The one way to stop waiting for work once a signal aborts (the run's cancel, or a request's
// abort in the SDK pipeline): the work is left behind, its later failure is swallowed.

import type { AbortSignalLike } from '@azure/abort-controller'

/** The work's result, or `abortError()` as soon as the signal aborts. */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignalLike | undefined,
  abortError: () => Error
): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError())
    if (signal.aborted) onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
