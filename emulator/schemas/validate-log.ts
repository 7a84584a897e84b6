// Checks the ARM response bodies in a request log against the JSON Schemas translated from the
// deployments and deployment stacks OpenAPI descriptions, and the GitHub API's request and response
// bodies against the ones translated from GitHub's REST description. Any suite can call it on its
// own emulator's log.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { RequestLogEntry } from '../src/types.js'

const ARM_SCHEMA_FILES = [
  new URL('./deployments.schema.json', import.meta.url),
  new URL('./deployment-stacks.schema.json', import.meta.url)
]
const GITHUB_SCHEMA_FILE = new URL('./github-issue-comments.schema.json', import.meta.url)

export interface SchemaViolation {
  seq: number
  method: string
  path: string
  responseType: string
  /** JSON pointer into the body, and what is wrong there. */
  errors: string[]
}

const loaded = new Map<URL, Map<string, ValidateFunction>>()

function loadFile(file: URL): Map<string, ValidateFunction> {
  const cached = loaded.get(file)
  if (cached) return cached
  const schema = JSON.parse(readFileSync(file, 'utf8')) as {
    $id: string
    definitions: Record<string, unknown>
  }
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
  // ajv-formats is CommonJS: under NodeNext its plugin is the module's `default` property.
  addFormatsModule.default(ajv)
  ajv.addSchema(schema)
  const validators = new Map(
    Object.keys(schema.definitions).map((name) => [
      name,
      ajv.compile({ $ref: `${schema.$id}#/definitions/${name}` })
    ])
  )
  loaded.set(file, validators)
  return validators
}

let armValidators: Map<string, ValidateFunction> | undefined

/** ARM response types are keyed by definition name, so two ARM schema files must not share one. */
function load(): Map<string, ValidateFunction> {
  if (armValidators) return armValidators
  const byName = new Map<string, ValidateFunction>()
  for (const file of ARM_SCHEMA_FILES) {
    for (const [name, validate] of loadFile(file)) {
      if (byName.has(name)) throw new Error(`schema definition '${name}' is defined twice`)
      byName.set(name, validate)
    }
  }
  armValidators = byName
  return byName
}

/** GitHub API types that have a schema (`issue-comment`, `basic-error`, …). */
export function githubSchemaTypes(): string[] {
  return [...loadFile(GITHUB_SCHEMA_FILE).keys()]
}

/**
 * Every GitHub API entry whose response body does not match its type's schema, whose POST/PATCH
 * body is not a `comment-request`, or whose body has no known type (so a gap cannot pass).
 */
export function validateGithubLog(entries: RequestLogEntry[]): SchemaViolation[] {
  const byType = loadFile(GITHUB_SCHEMA_FILE)
  const violations: SchemaViolation[] = []
  for (const entry of entries) {
    if (entry.service !== 'github') continue
    const problem = (responseType: string, errors: string[]) =>
      violations.push({
        seq: entry.seq,
        method: entry.method,
        path: entry.path,
        responseType,
        errors
      })
    const checks: Array<[string | undefined, unknown]> = [[entry.responseType, entry.responseBody]]
    if (entry.method === 'POST' || entry.method === 'PATCH')
      checks.push(['comment-request', entry.requestBody])
    for (const [type, body] of checks) {
      if (body === undefined && type === entry.responseType) continue
      const validate = type ? byType.get(type) : undefined
      if (!validate) {
        problem(type ?? '', [
          type ? `no schema for GitHub type '${type}'` : 'GitHub body without a type'
        ])
        continue
      }
      if (!validate(body)) {
        problem(
          type ?? '',
          (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        )
      }
    }
  }
  return violations
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
  return [...validateRequestLog(entries), ...unchecked, ...validateGithubLog(entries)].sort(
    (a, b) => a.seq - b.seq
  )
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
    `${label}: ${problems.length} ARM response(s) do not match the OpenAPI-derived schemas (deployments, deployment stacks, and GitHub REST for GitHub API calls):\n${lines.join('\n')}`
  )
}
