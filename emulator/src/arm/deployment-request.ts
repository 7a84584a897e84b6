// The body of a deployment PUT / validate / whatIf, read and checked as ARM does before anything
// runs: properties present, a known mode, a location outside resource groups, then the template
// and parameters, inline or fetched through templateLink / parametersLink (linked-content.ts).
import type { ArmRequest } from '../types.js'
import { ArmError } from './errors.js'
import { scopeRow, type Scope } from './scopes.js'
import type { DeploymentRequest } from './store.js'
import { contentVersionOf, type LinkedContent, type TemplateLink } from './linked-content.js'
import { parseTemplate, type GivenParameters } from './template.js'

/** Reads and checks a deployment request body as ARM does before anything runs. */
export function readDeploymentRequest(
  scope: Scope,
  name: string,
  req: ArmRequest,
  links: LinkedContent
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
  const mode = typeof props.mode === 'string' ? props.mode : ''
  if (!/^(incremental|complete)$/i.test(mode)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: 'Error converting value "${mode}" to type 'DeploymentMode'. Path 'properties.mode'.'.`
    )
  }
  if (/^complete$/i.test(mode) && scope.kind !== 'resourceGroup') {
    throw new ArmError(
      400,
      'InvalidDeployment',
      "Specified deployment mode 'Complete' is not supported for deployment at the current scope. Please see https://aka.ms/deployment-modes for usage details."
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
  const templateLink = isObject(props.templateLink)
    ? (props.templateLink as TemplateLink)
    : undefined
  const parametersLink =
    isObject(props.parametersLink) && typeof props.parametersLink.uri === 'string'
      ? { uri: props.parametersLink.uri }
      : undefined
  if (templateLink && props.template !== undefined && props.template !== null) {
    throw bothSet(name, 'TemplateLink', 'Template')
  }
  // "Use either the parametersLink property or the parameters property, but not both" (OpenAPI):
  // a present `parameters`, even `{}`, counts as set.
  if (parametersLink && rawParameters !== undefined && rawParameters !== null) {
    throw bothSet(name, 'ParameterLink', 'Parameter')
  }
  const linked = templateLink ? links.template(templateLink) : undefined
  const template = parseTemplate(linked ? linked.template : props.template)
  const fetched = parametersLink ? links.parameters(parametersLink) : undefined
  const contentVersion = contentVersionOf(template)
  const request: DeploymentRequest = {
    template,
    parameters: fetched?.parameters ?? ((rawParameters ?? {}) as GivenParameters),
    ...(linked
      ? { templateLink: { ...linked.link, ...(contentVersion ? { contentVersion } : {}) } }
      : {}),
    ...(parametersLink && fetched
      ? {
          parametersLink: {
            ...parametersLink,
            ...(fetched.contentVersion ? { contentVersion: fetched.contentVersion } : {})
          }
        }
      : {}),
    mode: mode.toLowerCase() === 'complete' ? 'Complete' : 'Incremental',
    ...(props.onErrorDeployment ? { onErrorDeployment: props.onErrorDeployment } : {}),
    ...(props.debugSetting ? { debugSetting: props.debugSetting } : {})
  }
  return { request, location: body?.location, tags: body?.tags }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/** ARM's answer to a body that sets both a link and its inline counterpart. */
function bothSet(name: string, link: string, inline: string): ArmError {
  return new ArmError(
    400,
    'InvalidDeployment',
    `The deployment '${name}' cannot have both the ${link} and ${inline} property set. Please use one or the other.`
  )
}

/** The deployment name rule of the OpenAPI path parameter (`^[-\w\._\(\)]+$`, 1 to 64 characters). */
export function checkDeploymentName(name: string): void {
  if (name.length > 64) {
    throw new ArmError(
      400,
      'DeploymentNameLengthLimitExceeded',
      `The provided deployment name '${name}' has a length of '${name.length}' which exceeds the maximum length of '64'. Please see https://aka.ms/arm-deploy-resources for usage details.`
    )
  }
  const bad = [...new Set(name.replace(/[-\p{L}\p{N}_.()]/gu, ''))]
  if (name.length === 0 || bad.length > 0) {
    throw new ArmError(
      400,
      'InvalidDeployment',
      `The provided deployment name '${name}' has these invalid characters: '${bad.join('')}'. The name can only be a letter, digit, '-', '.', '_', '(' or ')'. Please see https://aka.ms/arm-deploy-resources for usage details.`
    )
  }
}

/** A management group id is one path segment: an (encoded) '/' in it is refused. */
export function checkManagementGroupId(scope: Scope): void {
  if (!scope.managementGroupId?.includes('/')) return
  throw new ArmError(
    400,
    'InvalidManagementGroupId',
    `The management group id '${scope.managementGroupId}' is not valid: it must not contain '/'.`
  )
}
