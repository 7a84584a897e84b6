// Checks the ARM response bodies in a request log against the JSON Schemas translated from the
// deployments OpenAPI description. Any suite can call it on its own emulator's log.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { RequestLogEntry } from '../src/types.js'

const SCHEMA_FILE = new URL('./deployments.schema.json', import.meta.url)

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
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
    $id: string
    definitions: Record<string, unknown>
  }
  const ajv = new Ajv({ allErrors: true, strict: true })
  // ajv-formats is CommonJS: under NodeNext its plugin is the module's `default` property.
  addFormatsModule.default(ajv)
  ajv.addSchema(schema)
  validators = new Map(
    Object.keys(schema.definitions).map((name) => [
      name,
      ajv.compile({ $ref: `${schema.$id}#/definitions/${name}` })
    ])
  )
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
