// `type` and the deployment stack inputs (Azure/bicep-deploy's names and values). An input of the
// other type is one error naming it, before anything else is read: a bicep-deploy step moved over
// with a stack input left on a plain deployment must not deploy something else than was meant.

import { STACKS_API_VERSION } from '../azure/versions.js'
import { Inputs } from '../runtime/names.js'
import { InputError } from '../errors.js'
import { isGuid, shown, type InputReader } from './input-reader.js'
import type { Operation, Scope } from './settings.js'
import type { DenySettingsMode, StackSettings, UnmanageAction } from './settings.js'

export const TYPES = ['deployment', 'deploymentStack'] as const
export type DeploymentType = (typeof TYPES)[number]

const UNMANAGE_ACTIONS: readonly UnmanageAction[] = ['delete', 'detach']
const DENY_MODES: readonly DenySettingsMode[] = ['denyDelete', 'denyWriteAndDelete', 'none']
/** ARM's limits, as the stacks OpenAPI describes them ("Up to 5 principals", "Up to 200 actions", 4096 characters). */
const MAX_EXCLUDED_PRINCIPALS = 5
const MAX_EXCLUDED_ACTIONS = 200
const MAX_DESCRIPTION = 4096

/** Inputs only a deployment stack has a use for. */
const STACK_ONLY = [
  Inputs.ActionOnUnmanageResources,
  Inputs.ActionOnUnmanageResourceGroups,
  Inputs.ActionOnUnmanageManagementGroup,
  Inputs.ActionOnUnmanageManagementGroups,
  Inputs.DenySettingsMode,
  Inputs.DenySettingsExcludedActions,
  Inputs.DenySettingsExcludedPrincipals,
  Inputs.DenySettingsApplyToChildScopes,
  Inputs.BypassStackOutOfSyncError,
  Inputs.Description,
  Inputs.DeploymentResourceGroupName,
  Inputs.DeploymentSubscriptionId
]

/**
 * Deployment inputs a stack has no use for, with the values that ask for nothing (action.yml's
 * defaults, which the runner always passes) and why a stack cannot do what they ask.
 */
const DEPLOYMENT_ONLY: ReadonlyArray<{ input: string; harmless: RegExp; why: string }> = [
  {
    input: Inputs.Mode,
    harmless: /^incremental$/i,
    why: 'a stack deploys incrementally and removes what its template drops per action-on-unmanage-resources'
  },
  {
    input: Inputs.RollbackOnError,
    harmless: /^(false|no|0)$/i,
    why: 'stacks have no onErrorDeployment'
  },
  {
    input: Inputs.ValidationLevel,
    harmless: /^$/,
    why: `the stacks API version this action speaks (${STACKS_API_VERSION}) has no validationLevel`
  },
  {
    input: Inputs.WhatIfExcludeChangeTypes,
    harmless: /^$/,
    why: `the stacks API version this action speaks (${STACKS_API_VERSION}) has no what-if`
  },
  {
    input: Inputs.FailOnChanges,
    harmless: /^(false|no|0)$/i,
    why: `the stacks API version this action speaks (${STACKS_API_VERSION}) has no what-if`
  }
]

/** `type`, after checking that no input of the other type is set. */
export function readType(inputs: InputReader): DeploymentType {
  const type = inputs.choice(Inputs.Type, TYPES)
  if (type === 'deployment') {
    const stackInput = STACK_ONLY.find((name) => inputs.optional(name) !== undefined)
    if (stackInput) {
      throw new InputError(
        stackInput,
        `Input '${stackInput}' is for deployment stacks only, but '${Inputs.Type}' is 'deployment': expected ${Inputs.Type}: deploymentStack with it, or leave it out.`
      )
    }
    return type
  }
  for (const { input, harmless, why } of DEPLOYMENT_ONLY) {
    const value = inputs.optional(input)
    if (value !== undefined && !harmless.test(value)) {
      throw new InputError(
        input,
        `Input '${input}' has ${shown(value)}, but '${Inputs.Type}' is 'deploymentStack' and ${why}: leave it out, or use ${Inputs.Type}: deployment.`
      )
    }
  }
  return type
}

/** The operation, if the type has it: delete is for stacks, what-if for deployments. */
export function checkOperationForType(type: DeploymentType, operation: Operation): Operation {
  if (type === 'deployment' && operation === 'delete') {
    throw new InputError(
      Inputs.Operation,
      `Input '${Inputs.Operation}' has 'delete', which removes a deployment stack (${Inputs.Type}: deploymentStack): for ${Inputs.Type} 'deployment' expected one of create, attach, validate, whatIf.`
    )
  }
  if (type === 'deploymentStack' && operation === 'whatIf') {
    throw new InputError(
      Inputs.Operation,
      `Input '${Inputs.Operation}' has 'whatIf', but the deployment stacks API version this action speaks (${STACKS_API_VERSION}) has no what-if: for ${Inputs.Type} 'deploymentStack' expected one of create, validate, delete, attach.`
    )
  }
  return operation
}

export function readStackSettings(
  inputs: InputReader,
  scope: Scope,
  operation: Operation
): StackSettings {
  if (scope.type === 'tenant') {
    throw new InputError(
      Inputs.Scope,
      `Input '${Inputs.Scope}' has 'tenant', but deployment stacks live at resource group, subscription or management group scope: expected one of resourceGroup, subscription, managementGroup for ${Inputs.Type} 'deploymentStack'.`
    )
  }
  const resourceGroups = optionalChoice(inputs, Inputs.ActionOnUnmanageResourceGroups)
  const managementGroups = readManagementGroupsAction(inputs)
  const description = inputs.optional(Inputs.Description)
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw new InputError(
      Inputs.Description,
      `Input '${Inputs.Description}' has ${description.length} characters: expected at most ${MAX_DESCRIPTION} (ARM's limit).`
    )
  }
  const deploymentScope = readDeploymentScope(inputs, scope)
  return {
    ...(description !== undefined ? { description } : {}),
    actionOnUnmanage: {
      resources: inputs.choice(Inputs.ActionOnUnmanageResources, UNMANAGE_ACTIONS),
      ...(resourceGroups ? { resourceGroups } : {}),
      ...(managementGroups ? { managementGroups } : {})
    },
    // A delete sends no deny settings (bicep-deploy does not ask for them either).
    denySettings: {
      mode: operation === 'delete' ? 'none' : inputs.choice(Inputs.DenySettingsMode, DENY_MODES),
      excludedActions: readExcludedActions(inputs),
      excludedPrincipals: readExcludedPrincipals(inputs),
      applyToChildScopes: optionalBoolean(inputs, Inputs.DenySettingsApplyToChildScopes)
    },
    bypassStackOutOfSyncError: optionalBoolean(inputs, Inputs.BypassStackOutOfSyncError),
    ...(deploymentScope ? { deploymentScope } : {})
  }
}

function optionalChoice(inputs: InputReader, name: string): UnmanageAction | undefined {
  return inputs.optional(name) === undefined ? undefined : inputs.choice(name, UNMANAGE_ACTIONS)
}

function optionalBoolean(inputs: InputReader, name: string): boolean {
  return inputs.optional(name) === undefined ? false : inputs.boolean(name)
}

/** bicep-deploy documents the singular name and reads the plural one: either is taken, not both. */
function readManagementGroupsAction(inputs: InputReader): UnmanageAction | undefined {
  const singular = optionalChoice(inputs, Inputs.ActionOnUnmanageManagementGroup)
  const plural = optionalChoice(inputs, Inputs.ActionOnUnmanageManagementGroups)
  if (singular && plural && singular !== plural) {
    throw new InputError(
      Inputs.ActionOnUnmanageManagementGroups,
      `Inputs '${Inputs.ActionOnUnmanageManagementGroup}' ('${singular}') and '${Inputs.ActionOnUnmanageManagementGroups}' ('${plural}') are two spellings of one setting and disagree: expected only one of them.`
    )
  }
  return singular ?? plural
}

function readExcludedPrincipals(inputs: InputReader): string[] {
  const name = Inputs.DenySettingsExcludedPrincipals
  const principals = inputs.list(name)
  const bad = principals.find((p) => !isGuid(p))
  if (bad !== undefined) {
    throw new InputError(
      name,
      `Input '${name}' has ${shown(bad)}: expected object ids of Entra principals (GUIDs), comma- or newline-separated.`
    )
  }
  if (principals.length > MAX_EXCLUDED_PRINCIPALS) {
    throw new InputError(
      name,
      `Input '${name}' lists ${principals.length} principals: expected at most ${MAX_EXCLUDED_PRINCIPALS} (ARM's limit).`
    )
  }
  return principals
}

function readExcludedActions(inputs: InputReader): string[] {
  const name = Inputs.DenySettingsExcludedActions
  const actions = inputs.list(name)
  if (actions.length > MAX_EXCLUDED_ACTIONS) {
    throw new InputError(
      name,
      `Input '${name}' lists ${actions.length} actions: expected at most ${MAX_EXCLUDED_ACTIONS} (ARM's limit).`
    )
  }
  return actions
}

/**
 * Where the stack's deployment goes when not at the stack's own scope (az stack's names): a
 * resource group of a subscription stack's subscription, or a subscription below a management
 * group stack. ARM refuses any other place.
 */
function readDeploymentScope(inputs: InputReader, scope: Scope): string | undefined {
  const rg = inputs.optional(Inputs.DeploymentResourceGroupName)
  const sub = inputs.optional(Inputs.DeploymentSubscriptionId)
  const misplaced = (name: string, where: string): InputError =>
    new InputError(
      name,
      `Input '${name}' applies to stacks at ${where} scope, but '${Inputs.Scope}' is '${scope.type}': expected ${Inputs.Scope}: ${where === 'subscription' ? 'subscription' : 'managementGroup'} with it, or leave it out.`
    )
  if (rg !== undefined) {
    if (scope.type !== 'subscription')
      throw misplaced(Inputs.DeploymentResourceGroupName, 'subscription')
    if (!/^[-\w._()]{1,90}$/.test(rg) || rg.endsWith('.')) {
      throw new InputError(
        Inputs.DeploymentResourceGroupName,
        `Input '${Inputs.DeploymentResourceGroupName}' has ${shown(rg)}: expected 1-90 letters, digits, - _ . ( ), not ending in a period.`
      )
    }
  }
  if (sub !== undefined) {
    if (scope.type !== 'managementGroup')
      throw misplaced(Inputs.DeploymentSubscriptionId, 'management group')
    if (!isGuid(sub)) {
      throw new InputError(
        Inputs.DeploymentSubscriptionId,
        `Input '${Inputs.DeploymentSubscriptionId}' has ${shown(sub)}: expected the subscription id to deploy into, a GUID like 00000000-0000-0000-0000-000000000000.`
      )
    }
    return `/subscriptions/${sub}`
  }
  if (rg !== undefined && scope.type === 'subscription')
    return `/subscriptions/${scope.subscriptionId}/resourceGroups/${rg}`
  return undefined
}
