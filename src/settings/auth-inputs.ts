// Which credential to use, from the auth inputs (and azure/login's `creds` JSON, for migration).

import { Inputs } from '../runtime/names.js'
import { ID_TOKEN_PERMISSION_HINT } from '../auth/github-id-token.js'
import { missingFromCreds, readCreds, type CredsKey } from './creds-input.js'
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
