// validate and what-if, bound to the right client and scope-table entry. Unlike the PUT, these take
// seconds to minutes, so we let the SDK's poller wait for ARM's answer (through the same
// token-refreshing pipeline as every other call).

import type {
  DeploymentValidateResult,
  WhatIfOperationResult
} from '@azure/arm-resourcesdeployments'
import type { FullOperationResponse } from '@azure-rest/core-client'
import { RestError } from '@azure/core-rest-pipeline'
import type { ArmClients } from '../azure/client-factory.js'
import {
  scopeEntry,
  subscriptionOf,
  type DeploymentBody,
  type ScopeTarget
} from '../azure/scope.js'

export interface PreviewOptions {
  /** Time between the SDK poller's status requests, ms (ARM's Retry-After wins when it sends one). */
  updateIntervalInMs: number
  abortSignal?: AbortSignal
}

export interface PreviewApi {
  validate(
    t: ScopeTarget,
    name: string,
    body: DeploymentBody,
    o: PreviewOptions
  ): Promise<DeploymentValidateResult>
  whatIf(
    t: ScopeTarget,
    name: string,
    body: DeploymentBody,
    o: PreviewOptions
  ): Promise<WhatIfOperationResult>
}

export function createPreviewApi(clients: ArmClients): PreviewApi {
  const client = (t: ScopeTarget) => clients.forSubscription(subscriptionOf(t))
  return {
    validate: (t, name, body, o) =>
      withRefusal((onResponse) =>
        scopeEntry(t)
          .validate(client(t), t, name, body, { ...o, onResponse })
          .pollUntilDone()
      ),
    whatIf: (t, name, body, o) =>
      withRefusal((onResponse) =>
        scopeEntry(t)
          .whatIf(client(t), t, name, body, { ...o, onResponse })
          .pollUntilDone()
      )
  }
}

/**
 * The SDK's poller turns ARM's 400 on validate into a bare "The long-running operation has failed",
 * dropping ARM's error body; we keep the last response and rethrow it as the RestError it was.
 */
async function withRefusal<T>(
  call: (onResponse: (r: FullOperationResponse) => void) => Promise<T>
): Promise<T> {
  let last: FullOperationResponse | undefined
  try {
    return await call((r) => (last = r))
  } catch (error) {
    if (!last || last.status < 400 || error instanceof RestError) throw error
    const refused = new RestError(error instanceof Error ? error.message : String(error), {
      statusCode: last.status,
      request: last.request,
      response: last
    })
    refused.details = last.parsedBody
    throw refused
  }
}
