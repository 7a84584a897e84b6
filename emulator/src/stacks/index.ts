// Entry point of deployment stacks in the emulator: the ARM half builds one per server and asks
// it first about every path it does not answer itself (stacks, and single resources by id).
import type { ArmContext, ArmRequest, ArmResponse } from '../types.js'
import type { DeploymentsApi } from '../arm/deployments-api.js'
import type { IdSource, Store } from '../arm/store.js'
import { parseStackPath } from './paths.js'
import { handleResource } from './resources-api.js'
import { StacksApi } from './stacks-api.js'

export interface StacksRoutes {
  /** The answer for a stack or resource path; undefined when the path is neither. */
  route(path: string, req: ArmRequest): ArmResponse | undefined
  readonly api: StacksApi
}

export function createStacks(
  ctx: ArmContext,
  store: Store,
  deployments: DeploymentsApi,
  ids: IdSource,
  pageSize: () => number
): StacksRoutes {
  const api = new StacksApi(ctx, store, deployments, ids, pageSize)
  return {
    api,
    route(path, req) {
      const stack = parseStackPath(path)
      if (stack) return api.handle(stack, req)
      return handleResource(path, req, store, api.runner, () => api.stacks.values())
    }
  }
}
