// The admin endpoint (`/_emulator/...`, bearer admin key): faults, the request log and the ARM
// half's admin operations, for demos and tests in another process.
import { json, type Reply } from './http-reply.js'
import { safeEqual } from './identity.js'
import type { FaultEngine } from './faults.js'
import type { RequestLog } from './request-log.js'
import type { ArmAdmin } from './types.js'

export const ADMIN_PREFIX = '/_emulator'

export interface AdminDeps {
  adminKey: string
  faults: FaultEngine
  log: RequestLog
  arm: ArmAdmin
  subscriptionId: string
  info: () => unknown
  /** Every pull-request / issue comment posted through the GitHub API. */
  githubComments: () => unknown[]
}

export function isAdminPath(pathname: string): boolean {
  return (
    pathname.toLowerCase() === ADMIN_PREFIX || pathname.toLowerCase().startsWith(`${ADMIN_PREFIX}/`)
  )
}

export function handleAdmin(
  deps: AdminDeps,
  method: string,
  pathname: string,
  authorization: string | undefined,
  body: unknown
): Reply {
  if (!safeEqual(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '', deps.adminKey)) {
    return json(401, { error: 'admin key required (Authorization: Bearer <adminKey>)' })
  }
  const route = `${method} ${pathname.slice(ADMIN_PREFIX.length).toLowerCase()}`
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  try {
    switch (route) {
      case 'GET /info':
        return json(200, deps.info())
      case 'GET /log':
        return json(200, deps.log.all())
      case 'GET /github/comments':
        return json(200, deps.githubComments())
      case 'GET /faults':
        return json(200, deps.faults.list())
      case 'POST /faults':
        deps.faults.add(body as never)
        return json(201, deps.faults.list())
      case 'DELETE /faults':
        deps.faults.clear()
        return json(200, [])
      case 'POST /cancel': {
        if (typeof fields.deploymentId !== 'string')
          return json(400, { error: 'deploymentId: expected a string' })
        return json(200, { canceled: deps.arm.cancel(fields.deploymentId) })
      }
      case 'POST /resource-groups': {
        const { name, location } = fields
        if (typeof name !== 'string' || typeof location !== 'string') {
          return json(400, { error: 'name and location: expected strings' })
        }
        const subscriptionId =
          typeof fields.subscriptionId === 'string' ? fields.subscriptionId : deps.subscriptionId
        deps.arm.createResourceGroup(subscriptionId, name, location)
        return json(201, { subscriptionId, name, location })
      }
      default:
        return json(404, { error: `no admin route ${route}` })
    }
  } catch (error) {
    return json(400, { error: (error as Error).message })
  }
}
