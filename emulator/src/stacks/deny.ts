// Deny settings as ARM enforces them: a stack with denyDelete / denyWriteAndDelete puts a deny
// assignment on each resource it manages (and, with applyToChildScopes, on everything below
// them). A caller whose object id is not in excludedPrincipals, doing an action not in
// excludedActions, is refused with 403 DenyAssignmentAuthorizationFailed. The stack itself
// (its own updates and deletes) is never denied.
import { ArmError } from '../arm/errors.js'
import { key } from '../arm/scopes.js'
import type { ArmRequest } from '../types.js'
import type { StackRecord } from './stack-records.js'

export type DeniedAction = 'delete' | 'write'

/** The caller's Entra object id (`oid` of the bearer token ARM already verified). */
export function callerObjectId(req: ArmRequest): string {
  const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]
  try {
    const payload = JSON.parse(
      Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')
    ) as { oid?: unknown }
    if (typeof payload.oid === 'string') return payload.oid
  } catch {
    // Not a JWT: fall back to the application id.
  }
  return req.principal.clientId
}

/** `Microsoft.Network/*` style patterns, compared case-insensitively as RBAC does. */
function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${escaped}$`).test(action.toLowerCase())
}

function covers(stack: StackRecord, resourceId: string): boolean {
  const target = key(resourceId)
  return stack.resources.some(
    (m) =>
      m.denyStatus !== 'none' &&
      (key(m.id) === target ||
        (stack.request.denySettings.applyToChildScopes === true &&
          target.startsWith(`${key(m.id)}/`)))
  )
}

/**
 * The stack whose deny assignment refuses `action` on the resource to this caller, if any.
 * `except` is the stack doing the operation itself.
 */
export function denyingStack(
  stacks: Iterable<StackRecord>,
  resourceId: string,
  resourceType: string,
  action: DeniedAction,
  principal: string | undefined,
  except?: StackRecord
): StackRecord | undefined {
  const fullAction = `${resourceType}/${action}`
  for (const stack of stacks) {
    if (stack === except) continue
    const deny = stack.request.denySettings
    if (deny.mode === 'none') continue
    if (action === 'write' && deny.mode !== 'denyWriteAndDelete') continue
    if (
      principal &&
      (deny.excludedPrincipals ?? []).some((p) => p.toLowerCase() === principal.toLowerCase())
    )
      continue
    if ((deny.excludedActions ?? []).some((p) => actionMatches(p, fullAction))) continue
    if (covers(stack, resourceId)) return stack
  }
  return undefined
}

/** ARM's refusal, naming the deny assignment the stack created and the scope it sits at. */
export function denyAssignmentError(
  stack: StackRecord,
  resourceId: string,
  resourceType: string,
  action: DeniedAction,
  principal: string
): ArmError {
  const assignment = stack.denyAssignmentId
  return new ArmError(
    403,
    'DenyAssignmentAuthorizationFailed',
    `The client '${principal}' with object id '${principal}' has permission to perform action '${resourceType}/${action}' on scope '${resourceId}'; however, the access is denied because of the deny assignment with name 'Deny assignment '${assignment}' created by Deployment Stack '${stack.id}'.' and Id '${assignment}' at scope '${resourceId}'.`
  )
}
