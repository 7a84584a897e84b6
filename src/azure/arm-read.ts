// One ARM GET sent through an ARM client's own pipeline (retries with Retry-After, our token auth,
// per-request deadlines, user agent, request ids, logging), without the generated client around it.
// Written here because no library sends a request this lean: for the poll's reads (the deployment
// and its operations pages, hundreds of items each poll) the generated client builds each request
// twice, copies every response header and copies every operation field by field to turn one
// timestamp into a Date; what that cost a poll is in docs/performance.md. Writes and the short calls
// (validate, what-if, cancel) stay with the SDK.

import type { FullOperationResponse } from '@azure-rest/core-client'
import {
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  RestError,
  type HttpClient,
  type Pipeline,
  type PipelineResponse
} from '@azure/core-rest-pipeline'

/** What a read takes: the two per-call options the action uses. */
export interface ReadOptions {
  abortSignal?: AbortSignal
  /** Every response, failed ones too (the poll paces itself on their headers). */
  onResponse?: (response: FullOperationResponse) => void
}

/**
 * GETs `url` and returns its JSON body. Anything but 200 throws a RestError carrying the response,
 * as the generated client's does (arm-error.ts reads ARM's error body and correlation id from it).
 */
export async function armGet(
  pipeline: Pipeline,
  httpClient: HttpClient,
  url: string,
  o: ReadOptions = {}
): Promise<unknown> {
  const request = createPipelineRequest({
    url,
    method: 'GET',
    headers: createHttpHeaders({ accept: 'application/json' }),
    ...(o.abortSignal ? { abortSignal: o.abortSignal } : {})
  })
  let response: PipelineResponse
  try {
    response = await pipeline.sendRequest(httpClient, request)
  } catch (error) {
    // A policy that gave up on a response (our auth on a claims challenge) still passes it on.
    if (isRestError(error) && error.response) o.onResponse?.(error.response)
    throw error
  }
  o.onResponse?.(response)
  const body = parsedBody(response)
  if (response.status !== 200) throw statusError(response, body)
  return body
}

function parsedBody(response: PipelineResponse): unknown {
  const text = response.bodyAsText
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    // A 200 we cannot read fails the read (the poll retries it); an error page stays an error.
    if (response.status !== 200) return undefined
    throw new RestError(`ARM's response is not JSON: ${String(error)}`, {
      code: RestError.PARSE_ERROR,
      statusCode: response.status,
      request: response.request,
      response
    })
  }
}

function statusError(response: PipelineResponse, body: unknown): RestError {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  const inner = (record.error && typeof record.error === 'object' ? record.error : record) as {
    code?: unknown
    message?: unknown
  }
  const message =
    typeof inner.message === 'string' ? inner.message : `Unexpected status code: ${response.status}`
  const error = new RestError(message, {
    statusCode: response.status,
    ...(typeof inner.code === 'string' ? { code: inner.code } : {}),
    request: response.request,
    response
  })
  // Where the generated client puts ARM's error body; a page that is not JSON (a gateway's HTML)
  // is left out of the message, as the generated client leaves it out.
  Object.assign(error, { details: body ?? {} })
  return error
}
