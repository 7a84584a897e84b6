// A deadline for each ARM request. The SDK's pipeline has none by default (request.timeout 0), so a
// response that never comes (a half-open connection, a stalled proxy) would hang a poll, and with it
// the `timeout` verdict, forever. On expiry the attempt fails with ETIMEDOUT, which the SDK's retry
// policy treats like a reset connection; what is left over, the poll loop tolerates.
import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline'
import { formatDuration } from '../duration.js'

const requestTimeoutPolicyName = 'durableArmRequestTimeout'

/** Reads get short deadlines (a poll will come again); writes (the PUT, cancel) get longer ones. */
export interface RequestTimeouts {
  readMs: number
  writeMs: number
}

/** Reads: twice the poll interval, between 10 s and 60 s. Writes: 2 min (ARM can be slow to accept a big template). */
export function requestTimeouts(pollIntervalMs: number): RequestTimeouts {
  return { readMs: Math.min(60_000, Math.max(10_000, 2 * pollIntervalMs)), writeMs: 120_000 }
}

export function requestTimeoutPolicy(timeouts: RequestTimeouts): PipelinePolicy {
  return {
    name: requestTimeoutPolicyName,
    async sendRequest(request, next) {
      if (request.timeout > 0) return next(request)
      const ms = ['GET', 'HEAD'].includes(request.method) ? timeouts.readMs : timeouts.writeMs
      const outer = request.abortSignal
      const controller = new AbortController()
      const onAbort = (): void => controller.abort()
      if (outer?.aborted) controller.abort()
      outer?.addEventListener('abort', onAbort, { once: true })
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, ms)
      request.abortSignal = controller.signal
      try {
        return await next(request)
      } catch (error) {
        if (!timedOut) throw error
        throw new RestError(
          `ARM did not answer ${request.method} ${new URL(request.url).pathname} within ${formatDuration(ms)}`,
          { code: 'ETIMEDOUT', request }
        )
      } finally {
        clearTimeout(timer)
        outer?.removeEventListener('abort', onAbort)
        request.abortSignal = outer
      }
    }
  }
}
