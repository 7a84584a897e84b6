// The deployment stack calls the action makes, bound to the right client and scope: the stacks'
// column of the scope table (azure/scope.ts keeps the ids; this file only which SDK method serves
// each scope). It sits beside the stack code, not in scope.ts, so the stacks SDK is loaded only by
// a stack run (run-deployment.ts imports src/stack/ on demand).

import {
  DeploymentStacksClient,
  type DeploymentStack,
  type DeploymentStackValidateResult,
  type DeploymentStacksDeleteAtResourceGroupOptionalParams as DeleteOptions
} from '@azure/arm-resourcesdeploymentstacks'
import type { Logger } from '../runtime/ports.js'
import type { TokenRefresher } from '../auth/token-refresher.js'
import { armClientOptions, useArmPipeline } from '../azure/client-factory.js'
import type { RequestTimeouts } from '../azure/request-timeout.js'
import { scopeEntry, subscriptionOf, type ScopeTarget } from '../azure/scope.js'
import { STACKS_API_VERSION } from '../azure/versions.js'
import type { CloudSettings } from '../settings/settings.js'

/** The scopes a stack can live at. */
export type StackTarget = Exclude<ScopeTarget, { type: 'tenant' }>

/** A stack we follow. */
export interface StackRef {
  target: StackTarget
  name: string
  /** Full resource id. */
  id: string
}

export type StackDeleteOptions = Pick<
  DeleteOptions,
  | 'unmanageActionResources'
  | 'unmanageActionResourceGroups'
  | 'unmanageActionManagementGroups'
  | 'bypassStackOutOfSyncError'
>

type Stacks = DeploymentStacksClient['deploymentStacks']
/** The SDK's per-call options (abort signal, onResponse), as its methods type them. */
type OperationOptions = NonNullable<Parameters<Stacks['getAtResourceGroup']>[2]>
type LroOptions = OperationOptions & { updateIntervalInMs?: number }

export interface StackApi {
  /**
   * Sends the PUT and returns once ARM accepted it. The SDK's poller reads the operation once
   * and is dropped: our own loop follows the stack, re-acquiring tokens for hours.
   */
  create(t: StackTarget, name: string, body: DeploymentStack, o?: OperationOptions): Promise<void>
  get(t: StackTarget, name: string, o?: OperationOptions): Promise<DeploymentStack>
  /** Sends the DELETE and returns once ARM accepted it (as create). */
  delete(t: StackTarget, name: string, o: StackDeleteOptions & OperationOptions): Promise<void>
  /** validate is short: this one waits for ARM's answer. */
  validate(
    t: StackTarget,
    name: string,
    body: DeploymentStack,
    o: LroOptions
  ): Promise<DeploymentStackValidateResult>
}

const STACKS = '/providers/Microsoft.Resources/deploymentStacks/'

export function stackId(target: StackTarget, name: string): string {
  return `${scopeEntry(target).prefix(target)}${STACKS}${name}`
}

/** Portal link to a stack (the resource blade, which every resource id opens). */
export function stackPortalLink(portalUrl: string, id: string): string {
  return `${portalUrl}/#@/resource${id}`
}

/** Each scope's SDK methods. */
function call(s: Stacks, t: StackTarget) {
  switch (t.type) {
    case 'resourceGroup':
      return {
        create: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginCreateOrUpdateAtResourceGroup(t.resourceGroupName, n, b, o),
        get: (n: string, o: OperationOptions) => s.getAtResourceGroup(t.resourceGroupName, n, o),
        delete: (n: string, o: DeleteOptions) =>
          s.beginDeleteAtResourceGroup(t.resourceGroupName, n, o),
        validate: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginValidateStackAtResourceGroupAndWait(t.resourceGroupName, n, b, o)
      }
    case 'subscription':
      return {
        create: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginCreateOrUpdateAtSubscription(n, b, o),
        get: (n: string, o: OperationOptions) => s.getAtSubscription(n, o),
        delete: (n: string, o: DeleteOptions) => s.beginDeleteAtSubscription(n, o),
        validate: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginValidateStackAtSubscriptionAndWait(n, b, o)
      }
    case 'managementGroup':
      return {
        create: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginCreateOrUpdateAtManagementGroup(t.managementGroupId, n, b, o),
        get: (n: string, o: OperationOptions) => s.getAtManagementGroup(t.managementGroupId, n, o),
        delete: (n: string, o: DeleteOptions) =>
          s.beginDeleteAtManagementGroup(t.managementGroupId, n, o),
        validate: (n: string, b: DeploymentStack, o: LroOptions) =>
          s.beginValidateStackAtManagementGroupAndWait(t.managementGroupId, n, b, o)
      }
  }
}

/** Stacks clients through the action's one client setup (endpoint, user agent, retries, auth, deadlines). */
export function createStackApi(
  cloud: CloudSettings,
  refresher: TokenRefresher,
  logger: Logger,
  timeouts: RequestTimeouts
): StackApi {
  const clients = new Map<string, Stacks>()
  const stacks = (t: StackTarget): Stacks => {
    // A management group stack's client needs no subscription; the SDK still wants a string.
    const subscriptionId = subscriptionOf(t)
    const key = subscriptionId.toLowerCase()
    let client = clients.get(key)
    if (!client) {
      const sdk = new DeploymentStacksClient(refresher, subscriptionId, {
        ...armClientOptions(cloud),
        apiVersion: STACKS_API_VERSION,
        credentialScopes: [cloud.armScope]
      })
      useArmPipeline(sdk.pipeline, refresher, logger, timeouts)
      client = sdk.deploymentStacks
      clients.set(key, client)
    }
    return client
  }
  return {
    create: async (t, name, body, o = {}) => {
      await call(stacks(t), t).create(name, body, o)
    },
    get: (t, name, o = {}) => call(stacks(t), t).get(name, o),
    delete: async (t, name, o) => {
      await call(stacks(t), t).delete(name, o)
    },
    validate: (t, name, body, o) => call(stacks(t), t).validate(name, body, o)
  }
}
