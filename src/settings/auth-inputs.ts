// Which credential to use, from the auth inputs (and azure/login's `creds` JSON, for migration).

import { Inputs } from '../runtime/names.js'
import { ID_TOKEN_PERMISSION_HINT } from '../auth/github-id-token.js'
import { InputReader, isGuid, shown } from './input-reader.js'
import { InputError } from '../errors.js'
import type { AuthSettings, AuthType } from './settings.js'

const AUTH_TYPES = [
  'auto',
  'oidc',
  'secret',
  'certificate',
  'managed-identity',
  'azure-cli'
] as const

/** True when the runner can mint ID tokens (the job has `permissions: id-token: write`). */
export function idTokenAvailable(env: Record<string, string | undefined>): boolean {
  return Boolean(env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
}

export interface AuthInputDeps {
  /** Whether the runner offers a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set). */
  idTokenAvailable: boolean
  /** Reads a certificate file when `client-certificate` is a path rather than PEM text. */
  readFile: (path: string) => string
  /** AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID: fallbacks for the id inputs. */
  env?: Record<string, string | undefined>
}

/**
 * The variables azure/login and Azure/bicep-deploy users already export: an id input left out
 * falls back to them (after azure/login's `creds`), so moving a step here is a `uses:` change.
 */
export const ID_FALLBACKS = {
  [Inputs.ClientId]: 'AZURE_CLIENT_ID',
  [Inputs.TenantId]: 'AZURE_TENANT_ID',
  [Inputs.SubscriptionId]: 'AZURE_SUBSCRIPTION_ID'
} as const

/** The fallback variable's value for an id input, checked like the input itself. */
function fromEnv(
  input: keyof typeof ID_FALLBACKS,
  what: string,
  env: Record<string, string | undefined> = {}
): string | undefined {
  const variable = ID_FALLBACKS[input]
  const value = env[variable]?.trim()
  if (!value) return undefined
  if (!isGuid(value)) {
    throw new InputError(
      input,
      `Environment variable ${variable} (used because input '${input}' is not set) has ${shown(value)}: expected ${what}, a GUID like 00000000-0000-0000-0000-000000000000.`
    )
  }
  return value
}

/** `creds`, either shape (see CREDS_FIELDS): only the fields we use. */
interface Creds {
  clientId?: string
  tenantId?: string
  subscriptionId?: string
  clientSecret?: string
}

export interface AuthInputs {
  auth: AuthSettings
  /** From `creds`, else AZURE_SUBSCRIPTION_ID: used when `subscription-id` was not given. */
  subscriptionIdFallback?: string
  /** Whether `creds` was given (then a missing subscription id names it too). */
  credsGiven: boolean
}

export function readAuthInputs(inputs: InputReader, deps: AuthInputDeps): AuthInputs {
  const creds = readCreds(inputs)
  const requested = inputs.choice(Inputs.AuthType, AUTH_TYPES)
  const clientSecret = inputs.optional(Inputs.ClientSecret) ?? creds?.clientSecret
  const certificateInput = inputs.optional(Inputs.ClientCertificate)
  const clientId =
    inputs.guid(Inputs.ClientId, 'the application (client) id') ??
    creds?.clientId ??
    fromEnv(Inputs.ClientId, 'the application (client) id', deps.env)
  const tenantId =
    inputs.guid(Inputs.TenantId, 'the Entra tenant id') ??
    creds?.tenantId ??
    fromEnv(Inputs.TenantId, 'the Entra tenant id', deps.env)
  const subscriptionIdFallback =
    creds?.subscriptionId ??
    (inputs.optional(Inputs.SubscriptionId) === undefined
      ? fromEnv(Inputs.SubscriptionId, 'the subscription id', deps.env)
      : undefined)

  if (clientSecret !== undefined && certificateInput !== undefined) {
    throw new InputError(
      Inputs.ClientCertificate,
      `Inputs '${Inputs.ClientSecret}' and '${Inputs.ClientCertificate}' conflict: expected one credential, not both.`
    )
  }
  const type = resolveType(requested, {
    clientSecret,
    certificateInput,
    credsGiven: creds !== undefined,
    ...deps
  })
  assertNoStray(type, { clientSecret, certificateInput })

  // With `creds` given, a missing value is named with creds and its field.
  const needOf = (
    input: Parameters<typeof need>[0],
    key: CredsKey,
    value: string | undefined,
    expected: string
  ): string => {
    if (value === undefined && creds) throw missingFromCreds(key, input, ` for auth-type '${type}'`)
    return need(input, value, type, expected)
  }
  const needIds = (): { clientId: string; tenantId: string } => ({
    clientId: needOf(Inputs.ClientId, 'clientId', clientId, 'the application (client) id, a GUID'),
    tenantId: needOf(Inputs.TenantId, 'tenantId', tenantId, 'the Entra tenant id, a GUID')
  })
  const auth = ((): AuthSettings => {
    switch (type) {
      case 'oidc':
        return {
          type,
          ...needIds(),
          audience: inputs.required(Inputs.Audience, 'the audience of the GitHub ID token')
        }
      case 'secret':
        return {
          type,
          ...needIds(),
          clientSecret: needOf(
            Inputs.ClientSecret,
            'clientSecret',
            clientSecret,
            'the client secret'
          )
        }
      case 'certificate':
        return { type, ...needIds(), certificatePem: readCertificate(certificateInput, deps) }
      case 'managed-identity':
        return { type, ...(clientId ? { clientId } : {}) }
      case 'azure-cli':
        return { type, ...(tenantId ? { tenantId } : {}) }
    }
  })()
  return {
    auth,
    ...(subscriptionIdFallback ? { subscriptionIdFallback } : {}),
    credsGiven: creds !== undefined
  }
}

function resolveType(
  requested: (typeof AUTH_TYPES)[number],
  have: {
    clientSecret?: string
    certificateInput?: string
    credsGiven: boolean
    idTokenAvailable: boolean
  }
): AuthType {
  if (requested === 'oidc' && !have.idTokenAvailable) {
    throw new InputError(
      Inputs.AuthType,
      `Input '${Inputs.AuthType}' is 'oidc' but the runner offers no GitHub ID token: ${ID_TOKEN_PERMISSION_HINT}.`
    )
  }
  if (requested !== 'auto') return requested
  if (have.clientSecret !== undefined) return 'secret'
  if (have.certificateInput !== undefined) return 'certificate'
  if (have.idTokenAvailable) return 'oidc'
  // creds is a secret credential: the secret is what is missing.
  if (have.credsGiven) throw missingFromCreds('clientSecret', Inputs.ClientSecret, '')
  throw new InputError(
    Inputs.AuthType,
    `Input '${Inputs.AuthType}' is 'auto' but no credential is available: expected '${Inputs.ClientSecret}', ` +
      `'${Inputs.ClientCertificate}' or OIDC (for OIDC, set '${Inputs.ClientId}' and '${Inputs.TenantId}' and ${ID_TOKEN_PERMISSION_HINT}).`
  )
}

/** A secret or certificate given to a credential kind that would ignore it is a mistake worth reporting. */
function assertNoStray(
  type: AuthType,
  have: { clientSecret?: string; certificateInput?: string }
): void {
  const stray =
    type !== 'secret' && have.clientSecret !== undefined
      ? Inputs.ClientSecret
      : type !== 'certificate' && have.certificateInput !== undefined
        ? Inputs.ClientCertificate
        : undefined
  if (stray) {
    throw new InputError(
      stray,
      `Input '${stray}' conflicts with '${Inputs.AuthType}: ${type}': expected no '${stray}' with that auth type.`
    )
  }
}

function need(
  input: keyof typeof ID_FALLBACKS | typeof Inputs.ClientSecret,
  value: string | undefined,
  type: AuthType,
  expected: string
): string {
  if (value === undefined) {
    const variable = input in ID_FALLBACKS ? ID_FALLBACKS[input as keyof typeof ID_FALLBACKS] : ''
    const or = variable ? ` (or the environment variable ${variable})` : ''
    throw new InputError(
      input,
      `Input '${input}'${or} is required for auth-type '${type}': expected ${expected}.`
    )
  }
  return value
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

type CredsKey = (typeof CREDS_FIELDS)[number]['key']

/** `'clientId'` or `'clientId' (az ad sp create-for-rbac calls it 'appId')`, for messages. */
function credsField(key: CredsKey): string {
  const alias = CREDS_FIELDS.find((f) => f.key === key)?.alias
  return alias ? `'${key}' (az ad sp create-for-rbac calls it '${alias}')` : `'${key}'`
}

/** The error for a value neither its input nor `creds` holds. */
function missingFromCreds(key: CredsKey, input: string, why: string): InputError {
  return new InputError(
    Inputs.Creds,
    `Input '${Inputs.Creds}' has no ${credsField(key)}${why}: expected it in '${Inputs.Creds}', or the input '${input}'.`
  )
}

const CREDS_EXPECTED = `expected azure/login's JSON object with clientId, tenantId, subscriptionId and clientSecret, or the output of az ad sp create-for-rbac (appId, password, tenant)`

function readCreds(inputs: InputReader): Creds | undefined {
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

function readCertificate(value: string | undefined, deps: AuthInputDeps): string {
  const input = Inputs.ClientCertificate
  if (value === undefined) {
    throw new InputError(
      input,
      `Input '${input}' is required for auth-type 'certificate': expected a PEM with the certificate and its private key.`
    )
  }
  let pem = value
  if (!value.includes('-----BEGIN')) {
    try {
      pem = deps.readFile(value)
    } catch {
      throw new InputError(
        input,
        `Input '${input}' is neither PEM text nor a readable file: expected a PEM with the certificate and its private key.`
      )
    }
  }
  if (
    !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) ||
    !pem.includes('-----BEGIN CERTIFICATE-----')
  ) {
    throw new InputError(
      input,
      `Input '${input}' lacks a certificate or a private key: expected a PEM with the certificate and its private key.`
    )
  }
  return pem
}
