// GET and DELETE of a single emulated resource by id — the minimum needed to see that a stack
// really deleted or detached a resource, and to show its deny settings refusing a delete.
import type { ArmRequest, ArmResponse } from '../types.js'
import { ArmError } from '../arm/errors.js'
import { key } from '../arm/scopes.js'
import type { Store } from '../arm/store.js'
import { callerObjectId, denyAssignmentError, denyingStack } from './deny.js'
import { parseResourceId } from './paths.js'
import type { StackRecord } from './stack-records.js'
import type { StackRunner } from './stack-runner.js'

export function handleResource(
  path: string,
  req: ArmRequest,
  store: Store,
  runner: StackRunner,
  stacks: () => Iterable<StackRecord>
): ArmResponse | undefined {
  const method = req.method.toUpperCase()
  if (method !== 'GET' && method !== 'DELETE') return undefined
  const parsed = parseResourceId(path)
  if (!parsed) return undefined
  const resource = store.resources.get(key(path))
  if (method === 'GET') {
    if (!resource) {
      const where = parsed.resourceGroup ? ` under resource group '${parsed.resourceGroup}'` : ''
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${parsed.type}/${parsed.name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
      )
    }
    return {
      status: 200,
      body: {
        id: resource.id,
        name: resource.name,
        type: resource.type,
        ...(resource.location ? { location: resource.location } : {}),
        ...(resource.tags ? { tags: resource.tags } : {}),
        properties: resource.properties
      },
      schema: 'GenericResource'
    }
  }
  const caller = callerObjectId(req)
  const denied = denyingStack(stacks(), resource?.id ?? path, parsed.type, 'delete', caller)
  if (denied) throw denyAssignmentError(denied, resource?.id ?? path, parsed.type, 'delete', caller)
  if (!resource) return { status: 204 }
  runner.remove(resource.id)
  return { status: 200 }
}
