// The one factory at the Azure boundary: endpoint, api-version, ARM scope, user agent, retry options,
// and our own token-refreshing authentication instead of the SDK's bearer policy.

import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import {
  formDataPolicyName,
  multipartPolicyName,
  tracingPolicyName,
  type Pipeline
} from '@azure/core-rest-pipeline'
import type { Logger } from '../runtime/ports.js'
import { useRefresherAuth, type ArmTokenSource } from './arm-auth-policy.js'
import type { TokenRefresher } from '../auth/token-refresher.js'
import { ARM_API_VERSION, USER_AGENT } from './versions.js'
import type { CloudSettings } from '../settings/settings.js'
import { requestTimeoutPolicy, requestTimeouts, type RequestTimeouts } from './request-timeout.js'

/** Deployments clients, one per subscription (nested deployments may target other subscriptions). */
export interface ArmClients {
  forSubscription(subscriptionId: string): DeploymentsClient
}

export function createArmClients(
  cloud: CloudSettings,
  refresher: TokenRefresher & ArmTokenSource,
  logger: Logger,
  timeouts: RequestTimeouts = requestTimeouts(30_000)
): ArmClients {
  const clients = new Map<string, DeploymentsClient>()
  return {
    forSubscription(subscriptionId) {
      const key = subscriptionId.toLowerCase()
      let client = clients.get(key)
      if (!client) {
        client = new DeploymentsClient(refresher, subscriptionId, {
          ...armClientOptions(cloud),
          apiVersion: ARM_API_VERSION,
          credentials: { scopes: [cloud.armScope] }
        })
        useArmPipeline(client.pipeline, refresher, logger, timeouts)
        clients.set(key, client)
      }
      return client
    }
  }
}

/** What every ARM client of the action is built with (deployments and deployment stacks alike). */
export function armClientOptions(cloud: CloudSettings) {
  return {
    endpoint: cloud.resourceManagerEndpoint,
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    // The SDK retries 429 (honouring Retry-After), 5xx and network errors; the poll loop
    // tolerates what is left, so a handful of attempts per call is enough.
    retryOptions: { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 }
  }
}

/**
 * Policies that cost every request CPU and do nothing for us: we send JSON only (no form data, no
 * multipart), and no tracer is ever registered (the tracing policy still parses and builds a span
 * context per request). What that saves per poll: docs/performance.md.
 */
const UNUSED_POLICIES = [tracingPolicyName, formDataPolicyName, multipartPolicyName]

/** Our token-refreshing auth and per-request deadlines in an ARM client's pipeline. */
export function useArmPipeline(
  pipeline: Pipeline,
  refresher: ArmTokenSource,
  logger: Logger,
  timeouts: RequestTimeouts
): void {
  for (const name of UNUSED_POLICIES) pipeline.removePolicy({ name })
  // A call waits for a token no longer than it would wait for ARM's answer to a read.
  useRefresherAuth(pipeline, refresher, { logger, tokenWaitMs: timeouts.readMs })
  // Inside the retry policy, so every attempt gets its own deadline.
  pipeline.addPolicy(requestTimeoutPolicy(timeouts), { phase: 'Sign' })
}
