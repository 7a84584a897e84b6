// Checks the ARM response bodies in a request log against the JSON Schemas translated from the
// deployments and deployment stacks OpenAPI descriptions. Any suite can call it on its own
// emulator's log.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { RequestLogEntry } from '../src/types.js'

const SCHEMA_FILES = [
  new URL('./deployments.schema.json', import.meta.url),
  new URL('./deployment-stacks.schema.json', import.meta.url)
]

export interface SchemaViolation {
  seq: number
  method: string
  path: string
  responseType: string
  /** JSON pointer into the body, and what is wrong there. */
  errors: string[]
}

let validators: Map<string, ValidateFunction> | undefined

function load(): Map<string, ValidateFunction> {
  if (validators) return validators
  const ajv = new Ajv({ allErrors: true, strict: true })
  // ajv-formats is CommonJS: under NodeNext its plugin is the module's `default` property.
  addFormatsModule.default(ajv)
  const byName = new Map<string, ValidateFunction>()
  for (const file of SCHEMA_FILES) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as {
      $id: string
      definitions: Record<string, unknown>
    }
    ajv.addSchema(schema)
    for (const name of Object.keys(schema.definitions)) {
      // Response types are keyed by definition name, so two files must not share one.
      if (byName.has(name)) throw new Error(`schema definition '${name}' is defined twice`)
      byName.set(name, ajv.compile({ $ref: `${schema.$id}#/definitions/${name}` }))
    }
  }
  validators = byName
  return validators
}

/** Response types that have a schema (entries of other types are not checked). */
export function schemaTypes(): string[] {
  return [...load().keys()]
}

/** Every ARM entry whose body does not match its response type's schema. */
export function validateRequestLog(entries: RequestLogEntry[]): SchemaViolation[] {
  const byType = load()
  const violations: SchemaViolation[] = []
  for (const entry of entries) {
    if (entry.service !== 'arm' || !entry.responseType || entry.responseBody === undefined) continue
    const validate = byType.get(entry.responseType)
    if (!validate) continue
    if (validate(entry.responseBody)) continue
    violations.push({
      seq: entry.seq,
      method: entry.method,
      path: entry.path,
      responseType: entry.responseType,
      errors: (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`
      )
    })
  }
  return violations
}

/**
 * ARM response types from other Azure specs (subscriptions, tenants, template specs, generic
 * resources) that these schemas omit: they are allowed, but not checked.
 */
export const OTHER_SPEC_TYPES: ReadonlySet<string> = new Set([
  'Subscription',
  'SubscriptionListResult',
  'TenantListResult',
  'TemplateSpec',
  'TemplateSpecVersion',
  'GenericResource'
])

/**
 * Everything that keeps a request log from being clean: schema violations, and ARM bodies that
 * would escape the check (no response type, or a type with no schema), so a gap cannot pass.
 */
export function requestLogProblems(entries: RequestLogEntry[]): SchemaViolation[] {
  const known = new Set(schemaTypes())
  const unchecked = entries
    .filter((e) => e.service === 'arm' && e.responseBody !== undefined)
    .filter(
      (e) =>
        !e.responseType || (!known.has(e.responseType) && !OTHER_SPEC_TYPES.has(e.responseType))
    )
    .map((e) => ({
      seq: e.seq,
      method: e.method,
      path: e.path,
      responseType: e.responseType ?? '',
      errors: [
        e.responseType
          ? `no schema for response type '${e.responseType}'`
          : 'ARM body without a response type'
      ]
    }))
  return [...validateRequestLog(entries), ...unchecked].sort((a, b) => a.seq - b.seq)
}

/** Throws one error listing the problems (at most 10) when the log is not clean. */
export function assertCleanRequestLog(entries: RequestLogEntry[], label = 'emulator'): void {
  const problems = requestLogProblems(entries)
  if (problems.length === 0) return
  const lines = problems
    .slice(0, 10)
    .map(
      (p) =>
        `  #${p.seq} ${p.method} ${p.path} (${p.responseType || 'untyped'}): ${p.errors.join('; ')}`
    )
  throw new Error(
    `${label}: ${problems.length} ARM response(s) do not match the deployments / deployment stacks OpenAPI schemas:\n${lines.join('\n')}`
  )
}
