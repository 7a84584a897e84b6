// Entry point of the emulator's ARM half: the platform half calls createArmApi once per server
// and hands it every authenticated ARM request.
import type { ArmAdmin, ArmApi, ArmContext, ArmRequest, ArmResponse } from '../types.js'
import { checkApiVersion } from './api-versions.js'
import { DeploymentsApi } from './deployments-api.js'
import { ArmError, errorResponse, notFound } from './errors.js'
import { key, parseDeploymentPath } from './scopes.js'
import { Simulator } from './simulation.js'
import { calculateTemplateHash } from './template-hash.js'
import { handleTemplateSpecs, isTemplateSpecPath } from './template-specs.js'
import { IdSource, Store, type ResourceGroup } from './store.js'
import { createStacks } from '../stacks/index.js'

/** Pre-created so a deployment works right after start (tests may create their own groups). */
export const DEFAULT_RESOURCE_GROUP = { name: 'rg-emulator', location: 'eastus' }
/**
 * Items per page of deployment and operation lists. ARM does not document its page size for
 * these lists and no public recording we found shows one, so this is a defensible guess: 100,
 * ARM's usual page for resource lists. Paging tests set a small size (`pageSize`).
 */
export const DEFAULT_PAGE_SIZE = 100

export interface ArmApiOptions {
  pageSize?: number
}

export interface ArmAdminExtended extends ArmAdmin {
  /** Page size of list responses (deployments, operations). */
  setPageSize(size: number): void
}

export function createArmApi(
  ctx: ArmContext,
  options: ArmApiOptions = {}
): ArmApi & { admin: ArmAdminExtended } {
  const store = new Store()
  const ids = new IdSource()
  const sim = new Simulator(ctx, store, ids)
  let pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  const deployments = new DeploymentsApi(ctx, store, sim, ids, { pageSize: () => pageSize })
  const stacks = createStacks(ctx, store, deployments, ids, () => pageSize)
  store.putGroup(ctx.subscriptionId, DEFAULT_RESOURCE_GROUP.name, DEFAULT_RESOURCE_GROUP.location)

  const groupBody = (g: ResourceGroup) => ({
    id: g.id,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    ...(g.tags ? { tags: g.tags } : {}),
    properties: { provisioningState: 'Succeeded' }
  })
  const subscriptionBody = () => ({
    id: `/subscriptions/${ctx.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: ctx.subscriptionId,
    tenantId: ctx.tenantId,
    displayName: 'Emulated subscription',
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off'
    }
  })

  function route(req: ArmRequest): ArmResponse {
    const path = req.url.pathname.replace(/\/+$/, '') || '/'
    const method = req.method.toUpperCase()
    if (!req.url.searchParams.get('api-version')) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.'
      )
    }
    const deployment = parseDeploymentPath(path)
    const hash = /^\/providers\/microsoft\.resources\/calculatetemplatehash$/i.test(path)
    if (deployment || hash) checkApiVersion(req.url.searchParams.get('api-version') ?? '')
    if (deployment) return deployments.handle(deployment, req)
    if (hash) return calculateTemplateHash(req)
    if (isTemplateSpecPath(path)) return handleTemplateSpecs(ctx, store, path, req)

    const result =
      /^(?:\/subscriptions\/[^/]+)?\/providers\/microsoft\.resources\/operationresults\/([^/]+)$/i.exec(
        path
      )
    if (result && method === 'GET') {
      const pending = store.asyncResults.get(result[1])
      if (!pending)
        throw new ArmError(
          404,
          'OperationNotFound',
          `The operation '${result[1]}' could not be found.`
        )
      if (ctx.clock.emulatedElapsed() < pending.readyAt)
        return { status: 202, headers: { Location: pending.location, 'Retry-After': '1' } }
      return pending.result()
    }
    const stackAnswer = stacks.route(path, req)
    if (stackAnswer) return stackAnswer
    if (/^\/tenants$/i.test(path) && method === 'GET') {
      const tenant = {
        id: `/tenants/${ctx.tenantId}`,
        tenantId: ctx.tenantId,
        tenantCategory: 'Home',
        countryCode: 'US',
        displayName: 'Emulated tenant',
        domains: ['emulator.onmicrosoft.com'],
        defaultDomain: 'emulator.onmicrosoft.com',
        tenantType: 'AAD'
      }
      return { status: 200, body: { value: [tenant] }, schema: 'TenantListResult' }
    }
    if (/^\/subscriptions$/i.test(path) && method === 'GET') {
      return {
        status: 200,
        body: { value: [subscriptionBody()], count: { type: 'Total', value: 1 } },
        schema: 'SubscriptionListResult'
      }
    }
    const sub = /^\/subscriptions\/([^/]+)(?:\/resourcegroups(?:\/([^/]+))?)?$/i.exec(path)
    if (!sub) throw notFound.route(method, path)
    if (sub[1].toLowerCase() !== ctx.subscriptionId.toLowerCase())
      throw notFound.subscription(sub[1])
    const isGroups = /\/resourcegroups/i.test(path)
    if (!isGroups && method === 'GET')
      return { status: 200, body: subscriptionBody(), schema: 'Subscription' }
    if (!sub[2] && method === 'GET') {
      const groups = [...store.groups.values()].filter((g) =>
        key(g.id).startsWith(key(`/subscriptions/${sub[1]}/`))
      )
      return {
        status: 200,
        body: { value: groups.map(groupBody) },
        schema: 'ResourceGroupListResult'
      }
    }
    if (!sub[2])
      throw new ArmError(
        405,
        'MethodNotAllowed',
        `The requested resource does not support http method '${method}'.`
      )
    const name = decodeURIComponent(sub[2])
    const existing = store.group(ctx.subscriptionId, name)
    if (method === 'HEAD') return { status: existing ? 204 : 404 }
    if (method === 'GET') {
      if (!existing) throw notFound.resourceGroup(name)
      return { status: 200, body: groupBody(existing), schema: 'ResourceGroup' }
    }
    if (method === 'PUT') {
      const body = (req.body ?? {}) as { location?: string; tags?: Record<string, string> }
      if (!body.location && !existing)
        throw new ArmError(
          400,
          'LocationRequired',
          'The location property is required for this definition.'
        )
      const { group, created } = store.putGroup(
        ctx.subscriptionId,
        name,
        body.location ?? existing?.location ?? '',
        body.tags
      )
      return { status: created ? 201 : 200, body: groupBody(group), schema: 'ResourceGroup' }
    }
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${method}'.`
    )
  }

  return {
    async handle(req) {
      try {
        return route(req)
      } catch (error) {
        if (error instanceof ArmError) return errorResponse(error)
        return errorResponse(
          new ArmError(
            500,
            'InternalServerError',
            error instanceof Error ? error.message : String(error)
          )
        )
      }
    },
    admin: {
      cancel(id) {
        const record = store.deployments.get(key(id))
        return record ? sim.cancel(record) : false
      },
      createResourceGroup(subscriptionId, name, location) {
        store.putGroup(subscriptionId, name, location)
      },
      setPageSize(size) {
        pageSize = size
      }
    }
  }
}

export { parseLenientJson } from './lenient-json.js'
