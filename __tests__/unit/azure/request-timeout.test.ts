import {
  createPipelineRequest,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
  type SendRequest
} from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { requestTimeoutPolicy, requestTimeouts } from '../../../src/azure/request-timeout.js'

/** A transport that answers only when aborted (then rejects, as the SDK's node client does). */
const hung: SendRequest = (request: PipelineRequest) =>
  new Promise<PipelineResponse>((_resolve, reject) => {
    request.abortSignal?.addEventListener('abort', () => {
      const error = new Error('The operation was aborted.')
      error.name = 'AbortError'
      reject(error)
    })
  })

const answered: SendRequest = (request) =>
  Promise.resolve({ request, status: 200, headers: createPipelineRequest({ url: '' }).headers })

const get = (method: 'GET' | 'PUT' = 'GET') =>
  createPipelineRequest({ url: 'https://arm.example/subscriptions/s/deployments/d', method })

describe('requestTimeouts', () => {
  it('gives reads twice the poll interval within 10-60 s, and writes 2 minutes', () => {
    expect(requestTimeouts(1_000).readMs).toBe(10_000)
    expect(requestTimeouts(15_000).readMs).toBe(30_000)
    expect(requestTimeouts(300_000).readMs).toBe(60_000)
    expect(requestTimeouts(1_000).writeMs).toBe(120_000)
  })
})

describe('requestTimeoutPolicy', () => {
  const policy = requestTimeoutPolicy({ readMs: 30, writeMs: 60 })

  it('fails a request without an answer with ETIMEDOUT (which the SDK retries) and names it', async () => {
    const error = await policy.sendRequest(get(), hung).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RestError)
    expect((error as RestError).code).toBe('ETIMEDOUT')
    expect((error as RestError).message).toBe(
      'ARM did not answer GET /subscriptions/s/deployments/d within 0s'
    )
  })

  it('passes an answer through and restores the caller’s abort signal', async () => {
    const request = get('PUT')
    const response = await policy.sendRequest(request, answered)
    expect(response.status).toBe(200)
    expect(request.abortSignal).toBeUndefined()
  })

  it('lets the caller’s abort through as an abort, not a timeout', async () => {
    const controller = new AbortController()
    const request = get()
    request.abortSignal = controller.signal
    const pending = policy.sendRequest(request, hung).catch((e: unknown) => e)
    controller.abort()
    const error = (await pending) as Error
    expect(error.name).toBe('AbortError')
  })

  it('leaves a request that has its own timeout alone', async () => {
    const request = get()
    request.timeout = 5
    let seen: PipelineRequest | undefined
    await policy.sendRequest(request, (r) => ((seen = r), answered(r)))
    expect(seen?.abortSignal).toBeUndefined()
  })
})
