import {
  createEmptyPipeline,
  createHttpHeaders,
  isRestError,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { armGet } from '../../../src/azure/arm-read.js'
import { toArmCallError } from '../../../src/azure/arm-error.js'

const URL_ = 'https://management.example.test/subscriptions/s/providers/x?api-version=1'

/** Answers every request with `status` and `body`; records the requests. */
function server(
  status: number,
  body: string,
  headers: Record<string, string> = {}
): HttpClient & { seen: PipelineRequest[] } {
  const seen: PipelineRequest[] = []
  return {
    seen,
    sendRequest: (request) => {
      seen.push(request)
      return Promise.resolve({
        request,
        status,
        headers: createHttpHeaders({ 'content-type': 'application/json', ...headers }),
        bodyAsText: body
      })
    }
  }
}

async function failure(p: Promise<unknown>): Promise<RestError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!isRestError(error)) throw new Error(`expected a RestError, got ${String(error)}`)
  return error
}

describe('armGet', () => {
  it("sends a GET for JSON through the pipeline's policies, passes the response on, and returns the body", async () => {
    const pipeline = createEmptyPipeline()
    pipeline.addPolicy({
      name: 'stamp',
      sendRequest: (request, next) => {
        request.headers.set('x-stamped', 'yes')
        return next(request)
      }
    })
    const http = server(200, '{"properties":{"provisioningState":"Running"}}', {
      'x-ms-ratelimit-remaining-subscription-reads': '249'
    })
    const seen: PipelineResponse[] = []
    const abort = new AbortController()
    const body = await armGet(pipeline, http, URL_, {
      abortSignal: abort.signal,
      onResponse: (r) => seen.push(r)
    })
    expect(body).toEqual({ properties: { provisioningState: 'Running' } })
    const [request] = http.seen
    expect(request.method).toBe('GET')
    expect(request.url).toBe(URL_)
    expect(request.headers.get('accept')).toBe('application/json')
    expect(request.headers.get('x-stamped')).toBe('yes')
    expect(request.abortSignal).toBe(abort.signal)
    expect(seen.map((r) => r.headers.get('x-ms-ratelimit-remaining-subscription-reads'))).toEqual([
      '249'
    ])
  })

  it("fails anything but 200 with ARM's error code, its body and correlation id, after passing the response on", async () => {
    const armBody = {
      error: {
        code: 'DeploymentNotFound',
        message: "Deployment 'hub' could not be found.",
        details: [{ code: 'Inner', message: 'why' }]
      }
    }
    const http = server(404, JSON.stringify(armBody), {
      'x-ms-correlation-request-id': 'corr-1',
      'retry-after': '7'
    })
    const statuses: number[] = []
    const error = await failure(
      armGet(createEmptyPipeline(), http, URL_, { onResponse: (r) => statuses.push(r.status) })
    )
    expect(statuses).toEqual([404])
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('DeploymentNotFound')
    expect(error.message).toBe("Deployment 'hub' could not be found.")
    expect((error as RestError & { details?: unknown }).details).toEqual(armBody)
    expect(error.response?.headers.get('retry-after')).toBe('7')
    const wrapped = toArmCallError('Reading the deployment', error)
    expect(wrapped.message).toContain('HTTP 404')
    expect(wrapped.message).toContain('DeploymentNotFound')
    expect(wrapped.message).toContain('  Inner: why')
    expect(wrapped.message).toContain('correlation id: corr-1')
  })

  it("fails an error page that is not JSON by its status, keeping the page's markup out of the message", async () => {
    const error = await failure(
      armGet(createEmptyPipeline(), server(502, '<html>Bad gateway</html>'), URL_)
    )
    expect(error.statusCode).toBe(502)
    expect(error.message).toBe('Unexpected status code: 502')
    const message = toArmCallError('Reading the deployment', error).message
    expect(message).toContain('HTTP 502')
    expect(message).toContain('Unexpected status code: 502')
    expect(message).not.toContain('html')
  })

  it('passes on the response of a policy that gave up on it (a claims challenge) before failing', async () => {
    const pipeline = createEmptyPipeline()
    pipeline.addPolicy({
      name: 'refuse',
      sendRequest: async (request, next) => {
        const response = await next(request)
        throw new RestError('claims challenge', { statusCode: 401, request, response })
      }
    })
    const statuses: number[] = []
    const error = await failure(
      armGet(pipeline, server(401, '{}'), URL_, { onResponse: (r) => statuses.push(r.status) })
    )
    expect(error.message).toBe('claims challenge')
    expect(statuses).toEqual([401])
  })

  it('fails a 200 whose body is not JSON, and returns nothing for an empty one', async () => {
    const error = await failure(armGet(createEmptyPipeline(), server(200, '{"trunc'), URL_))
    expect(error.code).toBe(RestError.PARSE_ERROR)
    expect(error.statusCode).toBe(200)
    await expect(armGet(createEmptyPipeline(), server(200, ''), URL_)).resolves.toBeUndefined()
  })
})
