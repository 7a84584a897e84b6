// azure/login's `creds` JSON (and the output of `az ad sp create-for-rbac`), read for migration:
// the ids and secret it holds stand in for the inputs a workflow leaves out.

import { InputError } from '../errors.js'
import { Inputs } from '../runtime/names.js'
import { isGuid, type InputReader } from './input-reader.js'

/** `creds`, either shape (see CREDS_FIELDS): only the fields we use. */
export interface Creds {
  clientId?: string
  tenantId?: string
  subscriptionId?: string
  clientSecret?: string
}

/**
 * The `creds` fields we read, in azure/login's spelling, with the name `az ad sp create-for-rbac`
 * prints for the same value (its output has no subscription).
 */
const CREDS_FIELDS = [
  { key: 'clientId', alias: 'appId', input: Inputs.ClientId, guid: true },
  { key: 'tenantId', alias: 'tenant', input: Inputs.TenantId, guid: true },
  { key: 'clientSecret', alias: 'password', input: Inputs.ClientSecret, guid: false },
  { key: 'subscriptionId', alias: undefined, input: Inputs.SubscriptionId, guid: true }
] as const

export type CredsKey = (typeof CREDS_FIELDS)[number]['key']

/** `'clientId'` or `'clientId' (az ad sp create-for-rbac calls it 'appId')`, for messages. */
function credsField(key: CredsKey): string {
  const alias = CREDS_FIELDS.find((f) => f.key === key)?.alias
  return alias ? `'${key}' (az ad sp create-for-rbac calls it '${alias}')` : `'${key}'`
}

/** The error for a value neither its input nor `creds` holds. */
export function missingFromCreds(key: CredsKey, input: string, why: string): InputError {
  return new InputError(
    Inputs.Creds,
    `Input '${Inputs.Creds}' has no ${credsField(key)}${why}: expected it in '${Inputs.Creds}', or the input '${input}'.`
  )
}

const CREDS_EXPECTED = `expected azure/login's JSON object with clientId, tenantId, subscriptionId and clientSecret, or the output of az ad sp create-for-rbac (appId, password, tenant)`

export function readCreds(inputs: InputReader): Creds | undefined {
  const raw = inputs.optional(Inputs.Creds)
  if (raw === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    // No parser detail: it would quote part of a secret.
    throw new InputError(
      Inputs.Creds,
      `Input '${Inputs.Creds}' is not valid JSON: ${CREDS_EXPECTED}.`
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(
      Inputs.Creds,
      `Input '${Inputs.Creds}' is not a JSON object: ${CREDS_EXPECTED}.`
    )
  }
  const record = parsed as Record<string, unknown>
  const value = (key: string, guid: boolean): string | undefined => {
    const v = record[key]
    if (v === undefined || v === null || v === '') return undefined
    if (typeof v !== 'string' || (guid && !isGuid(v))) {
      throw new InputError(
        Inputs.Creds,
        `Input '${Inputs.Creds}' has a bad '${key}': expected ${guid ? 'a GUID' : 'a string'}.`
      )
    }
    return v
  }
  const same = (a: string, b: string, guid: boolean): boolean =>
    guid ? a.toLowerCase() === b.toLowerCase() : a === b
  const creds: Creds = {}
  for (const { key, alias, input, guid } of CREDS_FIELDS) {
    const main = value(key, guid)
    const other = alias ? value(alias, guid) : undefined
    if (main !== undefined && other !== undefined && !same(main, other, guid)) {
      throw new InputError(
        Inputs.Creds,
        `Input '${Inputs.Creds}' has both '${key}' and '${alias ?? ''}' with different values: expected one of them.`
      )
    }
    const found = main ?? other
    if (found === undefined) continue
    // The same value in the input and in creds (a workflow that passes both) is no conflict.
    const given = inputs.optional(input)
    if (given !== undefined && !same(given, found, guid)) {
      throw new InputError(
        input,
        `Inputs '${input}' and '${Inputs.Creds}' (${main !== undefined ? key : (alias ?? key)}) conflict: they hold different values; expected the value in one place, or the same value in both.`
      )
    }
    creds[key] = found
  }
  return creds
}
