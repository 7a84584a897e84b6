// The deployment calls the action makes, bound to the right client and scope-table entry, so the
// starter and the poller (and their tests) see one small interface instead of the SDK.

import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import type { ArmClients } from './client-factory.js'
import { scopeEntry, subscriptionOf, type DeploymentBody, type ScopeTarget } from './scope.js'

export interface DeploymentApi {
  /** Sends the PUT and returns once ARM accepted it (never waits for the deployment). */
  create(t: ScopeTarget, name: string, body: DeploymentBody, o?: OperationOptions): Promise<void>
  get(t: ScopeTarget, name: string, o?: OperationOptions): Promise<DeploymentExtended>
  /**
   * Every page of the deployment's operations, a page at a time: 800 operations are 8 awaits
   * instead of 800 through the SDK's item iterator.
   */
  listOperationPages(
    t: ScopeTarget,
    name: string,
    o?: OperationOptions
  ): AsyncIterable<DeploymentOperation[]>
  cancel(t: ScopeTarget, name: string, o?: OperationOptions): Promise<void>
  /**
   * ARM's hash of a template (calculateTemplateHash), as deployments report it in `templateHash`.
   * Optional: only the 409 DeploymentActive check needs it, and without it nothing counts as the same.
   */
  templateHash?(
    t: ScopeTarget,
    template: unknown,
    o?: OperationOptions
  ): Promise<string | undefined>
}

export function createDeploymentApi(clients: ArmClients): DeploymentApi {
  const client = (t: ScopeTarget) => clients.forSubscription(subscriptionOf(t))
  return {
    // `submitted()` sends the PUT only; the SDK poller is never awaited, so it never polls.
    create: (t, name, body, o = {}) =>
      scopeEntry(t).create(client(t), t, name, body, o).submitted(),
    get: (t, name, o = {}) => scopeEntry(t).get(client(t), t, name, o),
    listOperationPages: (t, name, o = {}) =>
      pagesOf(scopeEntry(t).listOperations(client(t), t, name, o)),
    cancel: (t, name, o = {}) => scopeEntry(t).cancel(client(t), t, name, o),
    // Not scoped: any client serves it.
    templateHash: async (t, template, o = {}) =>
      (await client(t).deployments.calculateTemplateHash(template, o)).templateHash
  }
}

type Paged<T> = AsyncIterable<T> & { byPage(): AsyncIterable<T[]> }
const isPaged = <T>(items: AsyncIterable<T>): items is Paged<T> =>
  typeof (items as Partial<Paged<T>>).byPage === 'function'

/** The SDK's list iterators page (`byPage`); anything else is read whole, as one page. */
async function* pagesOf<T>(items: AsyncIterable<T>): AsyncIterable<T[]> {
  if (isPaged(items)) {
    yield* items.byPage()
    return
  }
  const all: T[] = []
  for await (const item of items) all.push(item)
  yield all
}
