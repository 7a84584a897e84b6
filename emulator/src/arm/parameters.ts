// Given parameter values checked against the template's definitions, with the InvalidTemplate
// messages ARM gives: unknown or missing parameters, then each value against its type
// (template-types.ts). A `nullable` parameter without a default may be left out (it is null);
// an explicit null for a parameter with a default means the default, as Bicep modules rely on.
import { invalidTemplate } from './errors.js'
import type { GivenParameters, Template } from './template.js'
import { checkValue, resolveType } from './template-types.js'

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
    const absent = !entry || (entry.value === undefined && entry.reference === undefined)
    if (absent || (entry.value === null && def.defaultValue !== undefined)) {
      if (def.defaultValue !== undefined) continue
      if (resolveType(template, def).nullable) {
        values[name] = null
        continue
      }
      throw invalidTemplate(
        `The value for the template parameter '${name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`
      )
    }
    // A Key Vault reference resolves to a secret the emulator does not have: a placeholder.
    const value = entry.reference !== undefined ? 'emulated-key-vault-secret' : entry.value
    checkValue(template, def, value, `template parameter '${name}'`)
    values[name] = value
  }
  return values
}
