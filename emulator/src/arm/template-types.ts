// Types as ARM checks them (languageVersion 2.0 user-defined types included): `$ref` to
// `definitions`, `nullable`, allowed values (element by element for arrays), lengths and ranges,
// object `properties` / `additionalProperties`, array `items`. Used for parameters and outputs.
import { invalidTemplate } from './errors.js'
import type { Template, TypeDefinition } from './template.js'

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

export function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'Array'
  if (v === null) return 'Null'
  if (Number.isInteger(v)) return 'Integer'
  if (typeof v === 'number') return 'Float'
  return (
    { string: 'String', boolean: 'Boolean', object: 'Object' }[typeof v as string] ?? 'Undefined'
  )
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/** The definition `$ref` points to, merged under the referring one (its own keys win). */
export function resolveType(template: Template, def: TypeDefinition, seen = 0): TypeDefinition {
  if (!def.$ref) return def
  const name = /^#\/definitions\/(.+)$/.exec(def.$ref)?.[1]
  const target = name
    ? Object.entries(template.definitions ?? {}).find(([n]) => n === name)?.[1]
    : undefined
  if (!target || seen > 32) {
    throw invalidTemplate(
      `The type reference '${def.$ref}' is not valid: no type by that name is defined in the template's 'definitions'`
    )
  }
  const { $ref: _ref, ...own } = def
  return { ...resolveType(template, target, seen + 1), ...own }
}

/** Checks every user-defined type and every `$ref` of parameters and outputs, as ARM does at the PUT. */
export function checkDefinitions(template: Template): void {
  const visit = (def: unknown, where: string): void => {
    if (!def || typeof def !== 'object') return
    const d = def as TypeDefinition
    if (d.$ref) resolveType(template, d)
    else if (typeof d.type !== 'string' || !(d.type.toLowerCase() in TYPE_NAMES))
      throw invalidTemplate(`The type of '${where}' is not valid: '${String(d.type)}'`)
    for (const [name, property] of Object.entries(d.properties ?? {}))
      visit(property, `${where}.${name}`)
    if (typeof d.items === 'object') visit(d.items, `${where}[*]`)
    if (typeof d.additionalProperties === 'object') visit(d.additionalProperties, `${where}.*`)
  }
  for (const [name, def] of Object.entries(template.definitions ?? {}))
    visit(def, `definitions.${name}`)
  for (const [name, def] of Object.entries(template.parameters ?? {}))
    visit(def, `parameters.${name}`)
  for (const [name, def] of Object.entries(template.outputs ?? {})) visit(def, `outputs.${name}`)
}

/** Throws InvalidTemplate when `value` does not fit `def` (`what` names it in the message). */
export function checkValue(
  template: Template,
  def: TypeDefinition,
  value: unknown,
  what: string
): void {
  const type = resolveType(template, def)
  if (value === null && type.nullable) return
  const kind = TYPE_NAMES[(type.type ?? '').toLowerCase()]
  if (!kind) throw invalidTemplate(`The ${what} has an invalid type '${String(type.type)}'`)
  if (!kind.check(value)) {
    // ARM's message for a top-level parameter; nested values name their path.
    throw invalidTemplate(
      /^template parameter '[^']*'$/.test(what)
        ? `Template parameter JToken type is not valid. Expected '${kind.label}'. Actual '${jsonType(value)}'. Please see https://aka.ms/arm-create-parameter-file for usage details.`
        : `The provided value for the ${what} is not valid. Expected '${kind.label}'. Actual '${jsonType(value)}'.`
    )
  }
  checkAllowed(type, value, what)
  checkLength(type, value, what)
  if (Array.isArray(value) && typeof type.items === 'object') {
    const items = type.items
    value.forEach((item, i) => checkValue(template, items, item, `${what} item [${i}]`))
  }
  if (kind.label === 'Object') checkObject(template, type, value as Record<string, unknown>, what)
}

/** An array's elements are each checked against allowedValues (e.g. availability zones). */
function checkAllowed(type: TypeDefinition, value: unknown, what: string): void {
  const allowed = type.allowedValues
  if (!allowed) return
  const fits = (v: unknown) => allowed.some((a) => JSON.stringify(a) === JSON.stringify(v))
  const bad = Array.isArray(value) ? value.filter((v) => !fits(v)) : fits(value) ? [] : [value]
  if (bad.length === 0) return
  throw invalidTemplate(
    `The provided value '${bad.map(show).join(',')}' for the ${what} is not valid. The parameter value is not part of the allowed value(s): '${allowed.map(show).join(',')}'.`
  )
}

function checkLength(type: TypeDefinition, value: unknown, what: string): void {
  const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined
  const fail = (reason: string) =>
    invalidTemplate(`The provided value for the ${what} is not valid. ${reason}`)
  if (length !== undefined && type.minLength !== undefined && length < type.minLength)
    throw fail(`Length of the value should be greater than or equal to '${type.minLength}'.`)
  if (length !== undefined && type.maxLength !== undefined && length > type.maxLength)
    throw fail(`Length of the value should be less than or equal to '${type.maxLength}'.`)
  if (typeof value === 'number' && type.minValue !== undefined && value < type.minValue)
    throw fail(`Value should be greater than or equal to '${type.minValue}'.`)
  if (typeof value === 'number' && type.maxValue !== undefined && value > type.maxValue)
    throw fail(`Value should be less than or equal to '${type.maxValue}'.`)
}

function checkObject(
  template: Template,
  type: TypeDefinition,
  value: Record<string, unknown>,
  what: string
): void {
  const declared = type.properties ?? {}
  for (const [name, property] of Object.entries(declared)) {
    const entry = Object.entries(value).find(([k]) => k.toLowerCase() === name.toLowerCase())
    if (entry) {
      checkValue(template, property, entry[1], `${what} property '${name}'`)
    } else if (!resolveType(template, property).nullable) {
      throw invalidTemplate(
        `The provided value for the ${what} is not valid. The required property '${name}' is missing.`
      )
    }
  }
  const extra = Object.keys(value).filter(
    (k) => !Object.keys(declared).some((d) => d.toLowerCase() === k.toLowerCase())
  )
  const more = type.additionalProperties
  if (more === false && extra.length > 0 && Object.keys(declared).length > 0) {
    throw invalidTemplate(
      `The provided value for the ${what} is not valid. The property '${extra[0]}' is not allowed.`
    )
  }
  if (more && typeof more === 'object')
    for (const k of extra) checkValue(template, more, value[k], `${what} property '${k}'`)
}
