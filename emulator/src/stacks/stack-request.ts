// The body of a stack PUT or validate (DeploymentStack), read and checked before anything runs:
// the properties the OpenAPI marks required (actionOnUnmanage.resources, denySettings.mode), enum
// values, a location outside resource groups, a deploymentScope the stack may deploy into, and
// the template / templateLink (never both). The template itself is checked later by the
// deployments API's own validate, so the rules stay in one place.
import { ArmError } from '../arm/errors.js'
import type { Scope } from '../arm/scopes.js'
import { parseScopeId } from './paths.js'

export type DeleteDetach = 'delete' | 'detach'
export type DenyMode = 'denyDelete' | 'denyWriteAndDelete' | 'none'

export interface ActionOnUnmanage {
  resources: DeleteDetach
  resourceGroups?: DeleteDetach
  managementGroups?: DeleteDetach
  resourcesWithoutDeleteSupport?: 'detach' | 'fail'
}

export interface DenySettings {
  mode: DenyMode
  excludedPrincipals?: string[]
  excludedActions?: string[]
  applyToChildScopes?: boolean
}

export interface StackRequest {
  location?: string
  tags?: Record<string, string>
  description?: string
  template?: Record<string, unknown>
  templateLink?: Record<string, unknown>
  parameters?: Record<string, { value?: unknown; reference?: unknown }>
  parametersLink?: { uri: string; contentVersion?: string }
  actionOnUnmanage: ActionOnUnmanage
  denySettings: DenySettings
  /** Where the underlying deployment runs: the stack's own scope unless the body names another. */
  deploymentScope?: string
  debugSetting?: { detailLevel?: string }
  bypassStackOutOfSyncError?: boolean
  validationLevel?: string
}

const DELETE_DETACH = ['delete', 'detach']
const DENY_MODES = ['denyDelete', 'denyWriteAndDelete', 'none']
const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/** ARM's answer to a body the model binder rejects (a JSON path and what was wrong there). */
export function invalidContent(path: string, reason: string): ArmError {
  return new ArmError(
    400,
    'InvalidRequestContent',
    `The request content was invalid and could not be deserialized: '${reason} Path '${path}'.'.`
  )
}

function enumValue(value: unknown, allowed: string[], path: string, type: string): string {
  const found = allowed.find(
    (a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase()
  )
  if (!found)
    throw invalidContent(path, `Error converting value "${String(value)}" to type '${type}'.`)
  return found
}

function stringList(value: unknown, path: string, max: number): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidContent(path, 'Expected an array of strings.')
  if (value.length > max)
    throw new ArmError(
      400,
      'DeploymentStackInvalidDenySettings',
      `The deny settings of the deployment stack allow at most ${max} entries in '${path}'; ${value.length} were given.`
    )
  return value as string[]
}

export function readStackRequest(scope: Scope, body: unknown): StackRequest {
  const raw = typeof body === 'string' ? (JSON.parse(body) as unknown) : body
  const props = isObject(raw) ? raw.properties : undefined
  if (!isObject(raw) || !isObject(props))
    throw invalidContent('', "Required property 'properties' not found in JSON.")
  const aou = props.actionOnUnmanage
  if (!isObject(aou))
    throw invalidContent('properties', "Required property 'actionOnUnmanage' not found in JSON.")
  if (aou.resources === undefined)
    throw invalidContent(
      'properties.actionOnUnmanage',
      "Required property 'resources' not found in JSON."
    )
  const deny = props.denySettings
  if (!isObject(deny))
    throw invalidContent('properties', "Required property 'denySettings' not found in JSON.")
  if (deny.mode === undefined)
    throw invalidContent('properties.denySettings', "Required property 'mode' not found in JSON.")
  const optionalAction = (v: unknown, path: string) =>
    v === undefined
      ? undefined
      : (enumValue(v, DELETE_DETACH, path, 'DeploymentStacksDeleteDetachEnum') as DeleteDetach)
  const actionOnUnmanage: ActionOnUnmanage = {
    resources: optionalAction(aou.resources, 'properties.actionOnUnmanage.resources') ?? 'detach',
    ...(aou.resourceGroups === undefined
      ? {}
      : {
          resourceGroups: optionalAction(
            aou.resourceGroups,
            'properties.actionOnUnmanage.resourceGroups'
          )
        }),
    ...(aou.managementGroups === undefined
      ? {}
      : {
          managementGroups: optionalAction(
            aou.managementGroups,
            'properties.actionOnUnmanage.managementGroups'
          )
        }),
    ...(aou.resourcesWithoutDeleteSupport === undefined
      ? {}
      : {
          resourcesWithoutDeleteSupport: enumValue(
            aou.resourcesWithoutDeleteSupport,
            ['detach', 'fail'],
            'properties.actionOnUnmanage.resourcesWithoutDeleteSupport',
            'DeploymentStacksResourcesWithoutDeleteSupportEnum'
          ) as 'detach' | 'fail'
        })
  }
  const excludedPrincipals = stringList(
    deny.excludedPrincipals,
    'properties.denySettings.excludedPrincipals',
    5
  )
  const excludedActions = stringList(
    deny.excludedActions,
    'properties.denySettings.excludedActions',
    200
  )
  const denySettings: DenySettings = {
    mode: enumValue(
      deny.mode,
      DENY_MODES,
      'properties.denySettings.mode',
      'DenySettingsMode'
    ) as DenyMode,
    ...(excludedPrincipals ? { excludedPrincipals } : {}),
    ...(excludedActions ? { excludedActions } : {}),
    ...(typeof deny.applyToChildScopes === 'boolean'
      ? { applyToChildScopes: deny.applyToChildScopes }
      : {})
  }
  const location = typeof raw.location === 'string' ? raw.location : undefined
  if (scope.kind !== 'resourceGroup' && !location)
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.'
    )
  const hasTemplate = props.template !== undefined && props.template !== null
  const hasLink = isObject(props.templateLink)
  if (hasTemplate && hasLink)
    throw new ArmError(
      400,
      'InvalidDeploymentStack',
      'The deployment stack cannot have both the templateLink and template property set. Please use one or the other.'
    )
  if (!hasTemplate && !hasLink)
    throw new ArmError(
      400,
      'InvalidDeploymentStack',
      'The deployment stack must have either the template or the templateLink property set.'
    )
  const description = typeof props.description === 'string' ? props.description : undefined
  if (description && description.length > 4096)
    throw invalidContent(
      'properties.description',
      'The description is longer than 4096 characters.'
    )
  const deploymentScope =
    typeof props.deploymentScope === 'string' ? props.deploymentScope : undefined
  if (deploymentScope !== undefined) checkDeploymentScope(scope, deploymentScope)
  return {
    location,
    ...(isObject(raw.tags) ? { tags: raw.tags as Record<string, string> } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(hasTemplate ? { template: props.template as Record<string, unknown> } : {}),
    ...(hasLink ? { templateLink: props.templateLink as Record<string, unknown> } : {}),
    ...(isObject(props.parameters)
      ? { parameters: props.parameters as StackRequest['parameters'] }
      : {}),
    ...(isObject(props.parametersLink) && typeof props.parametersLink.uri === 'string'
      ? { parametersLink: props.parametersLink as { uri: string } }
      : {}),
    actionOnUnmanage,
    denySettings,
    ...(deploymentScope !== undefined ? { deploymentScope } : {}),
    ...(isObject(props.debugSetting) ? { debugSetting: props.debugSetting } : {}),
    ...(props.bypassStackOutOfSyncError === true ? { bypassStackOutOfSyncError: true } : {}),
    ...(typeof props.validationLevel === 'string' ? { validationLevel: props.validationLevel } : {})
  }
}

/**
 * The scope the underlying deployment runs at. A stack deploys at its own scope or one level
 * below it: a management-group stack into a subscription, a subscription stack into one of its
 * resource groups.
 */
export function deploymentScopeOf(stackScope: Scope, request: StackRequest): Scope {
  if (!request.deploymentScope) return stackScope
  return checkDeploymentScope(stackScope, request.deploymentScope)
}

function checkDeploymentScope(stackScope: Scope, deploymentScope: string): Scope {
  const target = parseScopeId(deploymentScope)
  const same = target && target.id.toLowerCase() === stackScope.id.toLowerCase()
  const below =
    target &&
    ((stackScope.kind === 'managementGroup' && target.kind === 'subscription') ||
      (stackScope.kind === 'subscription' &&
        target.kind === 'resourceGroup' &&
        target.subscriptionId?.toLowerCase() === stackScope.subscriptionId?.toLowerCase()))
  if (!target || !(same || below))
    throw new ArmError(
      400,
      'InvalidDeploymentStackDeploymentScope',
      `The deployment scope '${deploymentScope}' is not valid for a deployment stack at scope '${stackScope.id}'. Valid scopes are the stack's own scope, a subscription below a management group stack, or a resource group in a subscription stack's subscription.`
    )
  return target
}

/** An unmanage action from the DELETE's query (`delete` | `detach`), or undefined when absent. */
export function deleteDetach(value: string | undefined, param: string): DeleteDetach | undefined {
  if (value === undefined) return undefined
  const v = value.toLowerCase()
  if (v === 'delete' || v === 'detach') return v
  throw invalidContent(
    param,
    `The value '${value}' is not valid for '${param}': expected 'delete' or 'detach'.`
  )
}
