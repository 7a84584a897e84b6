// What the caller must mask: the template's secure parameters and outputs. Bicep's @secure() compiles to
// `securestring`/`secureobject`; with user-defined types (languageVersion 2.0) the type may sit behind a
// `$ref` into `definitions`.

import { isPlainObject } from './parameter-values.js'

const SECURE_TYPES = new Set(['securestring', 'secureobject'])

function declaredType(
  declaration: unknown,
  definitions: Record<string, unknown>,
  seen = new Set<string>()
): string | undefined {
  if (!isPlainObject(declaration)) return undefined
  if (typeof declaration.type === 'string') return declaration.type.toLowerCase()
  const ref = declaration.$ref
  if (typeof ref === 'string' && ref.startsWith('#/definitions/') && !seen.has(ref)) {
    seen.add(ref)
    return declaredType(definitions[ref.slice('#/definitions/'.length)], definitions, seen)
  }
  return undefined
}

function secureNames(section: unknown, definitions: Record<string, unknown>): string[] {
  if (!isPlainObject(section)) return []
  return Object.entries(section)
    .filter(([, declaration]) => SECURE_TYPES.has(declaredType(declaration, definitions) ?? ''))
    .map(([name]) => name)
}

export function secureParameterAndOutputNames(template: Record<string, unknown> | undefined): {
  secureParameterNames: string[]
  secureOutputNames: string[]
} {
  if (!template) return { secureParameterNames: [], secureOutputNames: [] }
  const definitions = isPlainObject(template.definitions) ? template.definitions : {}
  return {
    secureParameterNames: secureNames(template.parameters, definitions),
    secureOutputNames: secureNames(template.outputs, definitions)
  }
}
