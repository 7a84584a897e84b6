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
import type { Scope } from './settings.js'

/** How reading behaves: attach (`readOnly`) needs no location, which only a PUT needs. */
export interface ScopeReadContext {
  subscriptionIdFallback?: string
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
        why
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
    read: (inputs, why) => inputs.required(Inputs.ManagementGroupId, 'the management group id', why)
  }
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
