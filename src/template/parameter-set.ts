// The parameter values of one deployment, layered in order (files, then inline). ARM matches parameter
// names case-insensitively, so a later `Prefix` replaces an earlier `prefix`, and once the template is
// known every name takes the template's spelling (the caller looks secure ones up by that spelling to
// mask them). Against a local template we also catch what ARM would refuse after the upload: values for
// parameters the template does not declare, and required parameters nobody gave a value.

import { Inputs } from '../runtime/names.js'
import type { ParameterValue } from './types.js'
import { isPlainObject, type Parameters } from './parameter-values.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'

/** Which input (and file) a value came from, for error messages. */
export interface Origin {
  input: string
  file?: string
}

interface Entry {
  name: string
  value: ParameterValue
  origin: Origin
}

function describe(origin: Origin): string {
  return `${named(origin.input)}${origin.file ? ` (${origin.file})` : ''}`
}

function quoted(names: string[]): string {
  const q = names.map((n) => `'${n}'`)
  return q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`
}

function isOptional(declaration: unknown, definitions: Record<string, unknown>): boolean {
  if (!isPlainObject(declaration)) return true
  if ('defaultValue' in declaration || declaration.nullable === true) return true
  const ref = declaration.$ref
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const definition = definitions[ref.slice('#/definitions/'.length)]
    return isPlainObject(definition) && definition.nullable === true
  }
  return false
}

export class ParameterSet {
  private readonly entries = new Map<string, Entry>()

  /** Applies values on top of what is there; a name set again (in any case) is replaced. */
  apply(values: Parameters, origin: Origin): void {
    for (const [name, value] of values) {
      const key = name.toLowerCase()
      this.entries.delete(key) // so the order of keys follows the last setter, like a plain object would
      this.entries.set(key, { name, value, origin })
    }
  }

  /**
   * Renames every value to the template's spelling and throws when a value has no declared parameter or a
   * required parameter has no value.
   */
  checkAgainst(template: Record<string, unknown>): void {
    const declared = isPlainObject(template.parameters) ? template.parameters : {}
    const definitions = isPlainObject(template.definitions) ? template.definitions : {}
    const spelling = new Map(Object.keys(declared).map((n) => [n.toLowerCase(), n]))

    const undeclared = [...this.entries.values()].filter((e) => !spelling.has(e.name.toLowerCase()))
    if (undeclared.length > 0) {
      const origin = undeclared[0].origin
      const fromThere = undeclared.filter((e) => describe(e.origin) === describe(origin))
      const names = Object.keys(declared)
      throw new TemplateInputError(
        origin.input,
        `${describe(origin)} sets ${quoted(fromThere.map((e) => e.name))}, which the template does not declare; it declares ${names.length ? names.join(', ') : 'no parameters'}.`
      )
    }
    for (const [key, entry] of this.entries) entry.name = spelling.get(key) ?? entry.name

    const missing = Object.entries(declared)
      .filter(([name, d]) => !this.entries.has(name.toLowerCase()) && !isOptional(d, definitions))
      .map(([name]) => name)
    if (missing.length > 0) {
      throw new TemplateInputError(
        Inputs.Parameters,
        `${named(Inputs.ParametersFile, Inputs.Parameters)} give no value for ${quoted(missing)}, which the template requires (no default value).`
      )
    }
  }

  /** ARM's `parameters` object. fromEntries, not assignment: a parameter named __proto__ stays a plain key. */
  toObject(): Record<string, ParameterValue> {
    return Object.fromEntries([...this.entries.values()].map((e) => [e.name, e.value]))
  }
}
