// The body of a deployment PUT / validate / whatIf, read and checked as ARM does before anything
// runs: properties present, an inline template, a known mode, a location outside resource groups.
import type { ArmRequest } from '../types.js'
import { ArmError } from './errors.js'
import { scopeRow, type Scope } from './scopes.js'
import type { DeploymentRequest } from './store.js'
import { parseTemplate, type GivenParameters } from './template.js'

/** Reads and checks a deployment request body as ARM does before anything runs. */
export function readDeploymentRequest(
  scope: Scope,
  req: ArmRequest
): { request: DeploymentRequest; location?: string; tags?: Record<string, string> } {
  const body = (typeof req.body === 'string' ? JSON.parse(req.body) : req.body) as
    | { location?: string; tags?: Record<string, string>; properties?: Record<string, unknown> }
    | undefined
  const props = body?.properties
  if (!props || typeof props !== 'object') {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'Required property 'properties' not found in JSON. Path '', line 1, position 1.'."
    )
  }
  if (props.templateLink || props.parametersLink) {
    throw new ArmError(
      400,
      'InvalidContentLink',
      'The emulator cannot download templateLink or parametersLink content; send the template and parameters inline.'
    )
  }
  const mode = typeof props.mode === 'string' ? props.mode : ''
  if (!/^(incremental|complete)$/i.test(mode)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: 'Error converting value "${mode}" to type 'DeploymentMode'. Path 'properties.mode'.'.`
    )
  }
  if (scopeRow(scope.kind).requiresLocation && !body?.location) {
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.'
    )
  }
  const rawParameters: unknown =
    typeof props.parameters === 'string' ? JSON.parse(props.parameters) : props.parameters
  const request: DeploymentRequest = {
    template: parseTemplate(props.template),
    parameters: (rawParameters ?? {}) as GivenParameters,
    mode: mode.toLowerCase() === 'complete' ? 'Complete' : 'Incremental',
    ...(props.onErrorDeployment ? { onErrorDeployment: props.onErrorDeployment } : {}),
    ...(props.debugSetting ? { debugSetting: props.debugSetting } : {})
  }
  return { request, location: body?.location, tags: body?.tags }
}
