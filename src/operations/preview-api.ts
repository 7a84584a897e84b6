// validate and what-if, bound to the right client and scope-table entry. Unlike the PUT, these take
// seconds to minutes, so we let the SDK's poller wait for ARM's answer (through the same
// token-refreshing pipeline as every other call).

import type {
  DeploymentValidateResult,
  WhatIfOperationResult
} from '@azure/arm-resourcesdeployments'
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
      scopeEntry(t).validate(client(t), t, name, body, o).pollUntilDone(),
    whatIf: (t, name, body, o) => scopeEntry(t).whatIf(client(t), t, name, body, o).pollUntilDone()
  }
}
