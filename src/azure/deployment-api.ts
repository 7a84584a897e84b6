// The deployment calls the action makes, bound to the right client and scope-table entry, so the
// starter and the poller (and their tests) see one small interface instead of the SDK.

import type {
  DeploymentExtended,
  DeploymentOperation,
  DeploymentOperationProperties
} from '@azure/arm-resourcesdeployments'
import type { OperationOptions } from '@azure-rest/core-client'
import { RestError } from '@azure/core-rest-pipeline'
import type { ArmClients } from './client-factory.js'
import type { ReadOptions } from './arm-read.js'
import {
  readPaths,
  scopeEntry,
  subscriptionOf,
  type DeploymentBody,
  type ScopeTarget
} from './scope.js'
import { ARM_API_VERSION } from './versions.js'

/**
 * An operation as listed: the SDK's model, but its timestamp left as ARM's ISO string (800 of them a
 * poll, and only a changed operation's is read). The SDK's own Date still fits.
 */
export type ListedOperation = Omit<DeploymentOperation, 'properties'> & {
  properties?: Omit<DeploymentOperationProperties, 'timestamp'> & { timestamp?: Date | string }
}

export interface DeploymentApi {
  /** Sends the PUT and returns once ARM accepted it (never waits for the deployment). */
  create(t: ScopeTarget, name: string, body: DeploymentBody, o?: OperationOptions): Promise<void>
  /** The poll's reads, lighter than the generated client's (arm-read.ts). */
  get(t: ScopeTarget, name: string, o?: ReadOptions): Promise<DeploymentExtended>
  /** Every page of the deployment's operations, a page at a time, following ARM's nextLink. */
  listOperationPages(
    t: ScopeTarget,
    name: string,
    o?: ReadOptions
  ): AsyncIterable<ListedOperation[]>
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
    get: async (t, name, o = {}) =>
      toDeployment(
        await clients.read(subscriptionOf(t), withVersion(readPaths(t, name).deployment), o)
      ),
    listOperationPages: (t, name, o = {}) =>
      operationPages(clients, subscriptionOf(t), withVersion(readPaths(t, name).operations), o),
    cancel: (t, name, o = {}) => scopeEntry(t).cancel(client(t), t, name, o),
    // Not scoped: any client serves it.
    templateHash: async (t, template, o = {}) =>
      (await client(t).deployments.calculateTemplateHash(template, o)).templateHash
  }
}

const withVersion = (path: string) => `${path}?api-version=${ARM_API_VERSION}`

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** ARM's wire shape is the SDK's model but for its dates, which the SDK's deserializers make Dates
 * (a deployment's are; an operation's timestamp stays a string: ListedOperation). */
function withDate(owner: unknown, key: string): void {
  if (isObject(owner) && typeof owner[key] === 'string') owner[key] = new Date(owner[key])
}

function toDeployment(body: unknown): DeploymentExtended {
  if (!isObject(body)) throw new RestError('ARM returned a deployment that is not a JSON object')
  withDate(body.properties, 'timestamp')
  withDate(body.systemData, 'createdAt')
  withDate(body.systemData, 'lastModifiedAt')
  return body
}

/** The pages of a listing, as the SDK's pager reads them: `value` each, then `nextLink` until none. */
async function* operationPages(
  clients: ArmClients,
  subscriptionId: string,
  firstPath: string,
  o: ReadOptions
): AsyncIterable<ListedOperation[]> {
  let link: string | undefined = firstPath
  while (link !== undefined) {
    const body = await clients.read(subscriptionId, link, o)
    const value = isObject(body) ? body.value : undefined
    if (!Array.isArray(value))
      throw new RestError("ARM's operations page has no `value` array to page through")
    yield value as ListedOperation[]
    link = nextPageLink((body as Json).nextLink)
  }
}

/** ARM's nextLink, with the api-version added when it lacks one (as the SDK's pager does). */
function nextPageLink(nextLink: unknown): string | undefined {
  if (nextLink === undefined || nextLink === null || nextLink === '') return undefined
  if (typeof nextLink !== 'string')
    throw new RestError(`ARM's operations page has a nextLink that is not a string`)
  const url = new URL(nextLink, 'https://arm.invalid')
  if (url.searchParams.has('api-version')) return nextLink
  return `${nextLink}${url.search ? '&' : '?'}api-version=${ARM_API_VERSION}`
}
