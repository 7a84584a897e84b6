// Reads the scope inputs into a Scope over the scope table's paths (src/azure/scope.ts): no scope
// is spelled out here.

import {
  DEFAULT_SCOPE,
  SCOPE_TYPES,
  scopeShape,
  targetOf,
  SCOPE_FIELD_INPUTS,
  type ScopeField
} from '../azure/scope.js'
import { Inputs } from '../runtime/names.js'
import { shown, type InputReader } from './input-reader.js'
import { InputError } from '../errors.js'
import type { Scope, ScopeType } from './settings.js'

/** How reading behaves: attach (`readOnly`) needs no location, which only a PUT needs. */
export interface ScopeReadContext {
  subscriptionIdFallback?: string
  /** `creds` was given: a missing subscription id says it is not there either. */
  credsGiven?: boolean
  readOnly: boolean
}

/** The input behind each scope field, and how it is read (`why` says which scope needs it). */
export const SCOPE_FIELDS: {
  [F in ScopeField]: {
    input: string
    read(inputs: InputReader, why: string, ctx: ScopeReadContext): string
  }
} = {
  subscriptionId: {
    input: SCOPE_FIELD_INPUTS.subscriptionId,
    read: (inputs, why, ctx) =>
      inputs.guid(Inputs.SubscriptionId, 'the subscription id') ??
      ctx.subscriptionIdFallback ??
      inputs.required(
        Inputs.SubscriptionId,
        'the subscription id, a GUID (or the environment variable AZURE_SUBSCRIPTION_ID)',
        ctx.credsGiven ? `${why} ('${Inputs.Creds}' has no 'subscriptionId')` : why
      )
  },
  resourceGroupName: {
    input: SCOPE_FIELD_INPUTS.resourceGroupName,
    read: (inputs, why) => {
      const rg = inputs.required(
        Inputs.ResourceGroupName,
        'the name of an existing resource group',
        why
      )
      if (!/^[-\w._()]{1,90}$/.test(rg) || rg.endsWith('.')) {
        throw new InputError(
          Inputs.ResourceGroupName,
          `Input '${Inputs.ResourceGroupName}' has ${shown(rg)}: expected 1-90 letters, digits, - _ . ( ), not ending in a period.`
        )
      }
      return rg
    }
  },
  managementGroupId: {
    input: SCOPE_FIELD_INPUTS.managementGroupId,
    read: (inputs, why) =>
      managementGroupName(inputs.required(Inputs.ManagementGroupId, 'the management group id', why))
  }
}

const MG_RESOURCE_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/?$/i

/**
 * ARM's management group id rule (1-90 letters, digits, - _ . ( ), not ending in a period). A
 * resource id is refused, as `subscription-id` refuses `/subscriptions/<id>`: the error names the
 * value to give instead.
 */
function managementGroupName(value: string): string {
  const input = Inputs.ManagementGroupId
  const fromId = MG_RESOURCE_ID.exec(value)?.[1]
  if (fromId !== undefined) {
    throw new InputError(
      input,
      `Input '${input}' has ${shown(value)}, a resource id: expected the management group's id alone, '${fromId}'.`
    )
  }
  if (!/^[-\w.()]{1,90}$/.test(value) || value.endsWith('.')) {
    throw new InputError(
      input,
      `Input '${input}' has ${shown(value)}: expected a management group id, 1-90 letters, digits, - _ . ( ), not ending in a period.`
    )
  }
  return value
}

/**
 * Scope inputs the scope has no place for (a resource group with scope subscription, a management
 * group with scope tenant) are refused, naming both: ARM would deploy somewhere else than the
 * user thinks. `subscription-id` is left alone at management group and tenant scope: it is unused
 * there, and workflows (and azure/login's `creds`) pass it on every step.
 */
function refuseStrayFields(inputs: InputReader, type: ScopeType, impliedBy?: ScopeField): void {
  const own = new Set(scopeShape(type).path.map(([, f]) => f))
  const stray = (Object.keys(SCOPE_FIELDS) as ScopeField[]).find(
    (f) =>
      f !== 'subscriptionId' && !own.has(f) && inputs.optional(SCOPE_FIELDS[f].input) !== undefined
  )
  if (stray === undefined) return
  const input = SCOPE_FIELDS[stray].input
  // The scope whose own place this field names (resource-group-name → resourceGroup).
  const home = SCOPE_TYPES.find((t) => scopeShape(t).path.at(-1)?.[1] === stray)
  const given =
    impliedBy !== undefined
      ? `'${SCOPE_FIELDS[impliedBy].input}', which implies scope '${type}'`
      : `'${Inputs.Scope}: ${type}'`
  throw new InputError(
    input,
    `Input '${input}' contradicts ${given}: a ${scopeShape(type).label} deployment has no ${FIELD_WORDS[stray]}; expected no '${input}' with that scope${home ? `, or '${Inputs.Scope}: ${home}'` : ''}.`
  )
}

const FIELD_WORDS: Record<ScopeField, string> = {
  subscriptionId: 'subscription',
  resourceGroupName: 'resource group',
  managementGroupId: 'management group'
}

/**
 * The scope the inputs name: `scope`, or the scope an entry's `impliedBy` input implies, else
 * subscription. Each scope's own field is checked before the subscription it sits in (reverse path
 * order), then the location where a PUT needs one.
 */
export function readScope(inputs: InputReader, ctx: ScopeReadContext): Scope {
  const implied = SCOPE_TYPES.find((t) => {
    const by = scopeShape(t).impliedBy
    return by !== undefined && inputs.optional(SCOPE_FIELDS[by].input) !== undefined
  })
  const type = inputs.choice(Inputs.Scope, SCOPE_TYPES, implied ?? DEFAULT_SCOPE)
  const givenScope = inputs.optional(Inputs.Scope) !== undefined
  refuseStrayFields(inputs, type, givenScope ? undefined : implied && scopeShape(implied).impliedBy)
  const entry = scopeShape(type)
  const why = ` for scope '${type}'`
  const read = new Map(
    [...entry.path].reverse().map(([, f]) => [f, SCOPE_FIELDS[f].read(inputs, why, ctx)] as const)
  )
  const location = !entry.putLocation
    ? undefined
    : ctx.readOnly
      ? (inputs.optional(Inputs.Location) ?? '')
      : inputs.required(Inputs.Location, 'an Azure region like westeurope', why)
  const target = targetOf(
    type,
    entry.path.map(([, f]) => [f, read.get(f) ?? ''] as const)
  )
  // Key order (type, fields, location) matters: the default deployment name hashes the scope.
  return (location === undefined ? target : { ...target, location }) as Scope
}
