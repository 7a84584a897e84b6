// Given parameter values checked against the template's definitions, with the InvalidTemplate
// messages ARM gives: unknown or missing parameters, types, allowed values, lengths and ranges.
import { invalidTemplate } from './errors.js'
import type { GivenParameters, ParameterDefinition, Template } from './template.js'

const TYPE_NAMES: Record<string, { check: (v: unknown) => boolean; label: string }> = {
  string: { check: (v) => typeof v === 'string', label: 'String' },
  securestring: { check: (v) => typeof v === 'string', label: 'String' },
  int: { check: (v) => Number.isInteger(v), label: 'Integer' },
  bool: { check: (v) => typeof v === 'boolean', label: 'Boolean' },
  object: { check: (v) => !!v && typeof v === 'object' && !Array.isArray(v), label: 'Object' },
  secureobject: {
    check: (v) => !!v && typeof v === 'object' && !Array.isArray(v),
    label: 'Object'
  },
  array: { check: (v) => Array.isArray(v), label: 'Array' }
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'Array'
  if (v === null) return 'Null'
  if (Number.isInteger(v)) return 'Integer'
  if (typeof v === 'number') return 'Float'
  return (
    { string: 'String', boolean: 'Boolean', object: 'Object' }[typeof v as string] ?? 'Undefined'
  )
}

/** Checks given parameters against the template as ARM does; returns the given values by name. */
export function checkParameters(
  template: Template,
  given: GivenParameters = {}
): Record<string, unknown> {
  const defs = template.parameters ?? {}
  const defNames = Object.keys(defs)
  const unknown = Object.keys(given).filter(
    (n) => !defNames.some((d) => d.toLowerCase() === n.toLowerCase())
  )
  if (unknown.length > 0) {
    throw invalidTemplate(
      `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${defNames.join(', ')}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`
    )
  }
  const values: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(defs)) {
    const entry = Object.entries(given).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
    if (!entry || (entry.value === undefined && entry.reference === undefined)) {
      if (def.defaultValue === undefined) {
        throw invalidTemplate(
          `The value for the template parameter '${name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`
        )
      }
      continue
    }
    // A Key Vault reference resolves to a secret the emulator does not have: a placeholder.
    const value = entry.reference !== undefined ? 'emulated-key-vault-secret' : entry.value
    const kind = TYPE_NAMES[def.type?.toLowerCase()]
    if (!kind)
      throw invalidTemplate(`The template parameter '${name}' has an invalid type '${def.type}'`)
    if (!kind.check(value)) {
      throw invalidTemplate(
        `Template parameter JToken type is not valid. Expected '${kind.label}'. Actual '${jsonType(value)}'. Please see https://aka.ms/arm-create-parameter-file for usage details.`
      )
    }
    if (
      def.allowedValues &&
      !def.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value))
    ) {
      throw invalidTemplate(
        `The provided value '${typeof value === 'string' ? value : JSON.stringify(value)}' for the template parameter '${name}' is not valid. The parameter value is not part of the allowed value(s): '${def.allowedValues.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(',')}'.`
      )
    }
    checkLength(name, def, value)
    values[name] = value
  }
  return values
}

function checkLength(name: string, def: ParameterDefinition, value: unknown): void {
  const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined
  const fail = (what: string) =>
    invalidTemplate(`The provided value for the template parameter '${name}' is not valid. ${what}`)
  if (length !== undefined && def.minLength !== undefined && length < def.minLength)
    throw fail(`Length of the value should be greater than or equal to '${def.minLength}'.`)
  if (length !== undefined && def.maxLength !== undefined && length > def.maxLength)
    throw fail(`Length of the value should be less than or equal to '${def.maxLength}'.`)
  if (typeof value === 'number' && def.minValue !== undefined && value < def.minValue)
    throw fail(`Value should be greater than or equal to '${def.minValue}'.`)
  if (typeof value === 'number' && def.maxValue !== undefined && value > def.maxValue)
    throw fail(`Value should be less than or equal to '${def.maxValue}'.`)
}
