// How a stack uses the deployments API: the deployment PUT it sends for its template, and the
// deployments API's own validate as the stack's preflight, so template rules live in one place.
import type { ArmContext, ArmRequest } from '../types.js'
import type { DeploymentsApi } from '../arm/deployments-api.js'
import { ArmError, type ErrorDetail } from '../arm/errors.js'
import { deploymentId, type Scope } from '../arm/scopes.js'
import type { StackRequest } from './stack-request.js'

const DEPLOYMENTS_API_VERSION = '2025-04-01'

/**
 * The deployment PUT a stack sends: `{stack}-{yyyymmdd}-{5 hex}` (as in Microsoft's stack
 * example), incremental, at the stack's deployment scope, on behalf of the stack's caller.
 */
export function deploymentRequest(
  ctx: ArmContext,
  guid: string,
  name: string,
  target: Scope,
  request: StackRequest,
  req: ArmRequest
): ArmRequest {
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10).replace(/-/g, '')
  const id = deploymentId(target, `${name.slice(0, 49)}-${day}-${guid.slice(0, 5)}`)
  return {
    ...req,
    method: 'PUT',
    url: new URL(`${ctx.baseUrl}${id}?api-version=${DEPLOYMENTS_API_VERSION}`),
    body: {
      ...(target.kind === 'resourceGroup' ? {} : { location: request.location }),
      properties: {
        ...(request.template ? { template: request.template } : {}),
        ...(request.templateLink ? { templateLink: request.templateLink } : {}),
        ...(request.parameters ? { parameters: request.parameters } : {}),
        ...(request.parametersLink ? { parametersLink: request.parametersLink } : {}),
        mode: 'Incremental',
        ...(request.debugSetting ? { debugSetting: request.debugSetting } : {})
      }
    }
  }
}

/** The deployments API's validate of that PUT: the ids it would deploy, or its error thrown. */
export function preflight(
  deployments: DeploymentsApi,
  target: Scope,
  deployment: ArmRequest
): string[] {
  const name = deployment.url.pathname.split('/').pop() ?? ''
  const answer = deployments.handle(
    { scope: target, action: 'validate', name },
    { ...deployment, method: 'POST' }
  )
  const body = answer.body as {
    error?: ErrorDetail
    properties?: { validatedResources?: Array<{ id: string }> }
  }
  if (answer.status >= 300) {
    const error = body.error ?? { code: 'InvalidTemplate', message: 'The template is not valid.' }
    const { code, message, ...extra } = error
    throw new ArmError(answer.status, code, message, extra)
  }
  return (body.properties?.validatedResources ?? []).map((r) => r.id)
}
