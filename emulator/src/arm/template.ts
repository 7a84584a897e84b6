// A template as ARM reads it: its JSON shape (parameters, variables, resources as an array or by
// symbolic name in languageVersion 2.0, outputs) and the check that it is a JSON object.
import { ArmError } from './errors.js'

/** A type (parameter, output, user-defined type under `definitions`, property or item). */
export interface TypeDefinition {
  /** Absent when `$ref` names a user-defined type ('#/definitions/x'). */
  type?: string
  $ref?: string
  nullable?: boolean
  allowedValues?: unknown[]
  minLength?: number
  maxLength?: number
  minValue?: number
  maxValue?: number
  properties?: Record<string, TypeDefinition>
  additionalProperties?: TypeDefinition | boolean
  items?: TypeDefinition | boolean
}

export interface ParameterDefinition extends TypeDefinition {
  defaultValue?: unknown
}

export interface ResourceDefinition {
  type: string
  name: string
  apiVersion?: string
  location?: string
  condition?: unknown
  dependsOn?: string[]
  copy?: { name: string; count: unknown; mode?: string; batchSize?: unknown }
  properties?: Record<string, unknown>
  tags?: Record<string, unknown>
  sku?: unknown
  kind?: unknown
  zones?: unknown
  subscriptionId?: string
  resourceGroup?: string
  scope?: string
  /** languageVersion 2.0: a resource that is read, never deployed. */
  existing?: boolean
  identity?: unknown
  resources?: ResourceDefinition[]
}

export interface Template {
  $schema?: string
  contentVersion?: string
  languageVersion?: string
  definitions?: Record<string, TypeDefinition>
  parameters?: Record<string, ParameterDefinition>
  variables?: Record<string, unknown>
  resources?: ResourceDefinition[] | Record<string, ResourceDefinition>
  outputs?: Record<
    string,
    TypeDefinition & {
      value?: unknown
      condition?: unknown
      copy?: { count: unknown; input: unknown }
    }
  >
}

export type GivenParameters = Record<string, { value?: unknown; reference?: unknown }>

export function isSecureType(type: string | undefined): boolean {
  return /^secure(string|object)$/i.test(type ?? '')
}

export function parseTemplate(raw: unknown): Template {
  const template = typeof raw === 'string' ? safeJson(raw) : raw
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'The template is missing or is not a JSON object.'."
    )
  }
  return template
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
