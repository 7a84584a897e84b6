// Parameter values from deployment parameters files, plain objects and the inline `parameters` input,
// normalised to ARM's parameter-value objects ({ value } or { reference }).
//
// The wrapper rule (plain objects and inline values): a value that is an object with exactly one key,
// `value` or `reference`, is already ARM's parameter-value object and is passed through untouched (so a
// Key Vault `{ reference: { keyVault: { id }, secretName } }` works inline). Anything else is the value
// itself and is wrapped as `{ value }`. To pass an object parameter whose only key is literally `value`,
// wrap it yourself: `config: { value: { value: 1 } }`. The rule does not depend on the template, so the
// same input means the same thing with a local template, a template URI or a template spec.

import { parse as parseYaml, YAMLParseError } from 'yaml'
import type { ParameterValue } from './types.js'
import { Inputs } from '../runtime/names.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'

export type Parameters = Map<string, ParameterValue>

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return `a ${typeof v}`
}

/** Applies the wrapper rule above to one value. */
export function toParameterValue(v: unknown): ParameterValue {
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === 'value') return { value: v.value }
    if (keys.length === 1 && keys[0] === 'reference') return { reference: v.reference }
  }
  return { value: v }
}

function isDeploymentParametersFile(doc: Record<string, unknown>): boolean {
  return '$schema' in doc || 'contentVersion' in doc
}

/**
 * A parsed `.json` parameters file (or a .bicepparam's `parametersJson`): either a deployment parameters
 * file (`$schema`/`contentVersion`/`parameters`, each entry `{ value }` or `{ reference }`, passed through
 * untouched) or a plain object of name → value (wrapper rule).
 */
export function parametersFromDocument(doc: unknown, source: string): Parameters {
  const input = Inputs.ParametersFile
  if (!isPlainObject(doc)) {
    throw new TemplateInputError(
      input,
      `${named(input)} (${source}): expected a JSON object (a deployment parameters file or parameter name → value), got ${kindOf(doc)}.`
    )
  }
  const result: Parameters = new Map()
  if (!isDeploymentParametersFile(doc)) {
    for (const [name, v] of Object.entries(doc)) result.set(name, toParameterValue(v))
    return result
  }
  const entries = doc.parameters ?? {}
  if (!isPlainObject(entries)) {
    throw new TemplateInputError(
      input,
      `${named(input)} (${source}): 'parameters' must be an object of parameter name → { "value": ... }, got ${kindOf(entries)}.`
    )
  }
  for (const [name, entry] of Object.entries(entries)) {
    if (!isPlainObject(entry) || !('value' in entry || 'reference' in entry)) {
      throw new TemplateInputError(
        input,
        `${named(input)} (${source}): parameter '${name}' must be an object with "value" or "reference" (a deployment parameters file), got ${isPlainObject(entry) ? 'an object without either' : kindOf(entry)}.`
      )
    }
    result.set(name, entry as ParameterValue)
  }
  return result
}

/**
 * The inline `parameters` input: a JSON or YAML object (JSON is YAML, so one parser reads both). Empty
 * text means no parameters. Values follow the wrapper rule; arrays and objects survive intact.
 */
export function parseInlineParameters(text: string | undefined): Parameters {
  const result: Parameters = new Map()
  if (text === undefined || text.trim() === '') return result
  let doc: unknown
  try {
    doc = parseYaml(text, { uniqueKeys: true, prettyErrors: true })
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0]
      const where = at ? ` at line ${at.line}, column ${at.col}` : ''
      // Only the first line: the rest quotes the source, which may hold secrets.
      const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
      throw new TemplateInputError(
        Inputs.Parameters,
        `${named(Inputs.Parameters)}: expected a JSON or YAML object of parameter name → value, but it does not parse: ${reason}${where}.`
      )
    }
    throw error
  }
  if (doc === null || doc === undefined) return result
  if (!isPlainObject(doc)) {
    throw new TemplateInputError(
      Inputs.Parameters,
      `${named(Inputs.Parameters)}: expected a JSON or YAML object of parameter name → value, got ${kindOf(doc)}.`
    )
  }
  for (const [name, v] of Object.entries(doc)) result.set(name, toParameterValue(v))
  return result
}
