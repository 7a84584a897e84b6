// Which strings to register with the runner for a secret value (secure parameters and outputs):
// shared by the secret registration, the output writer and the what-if redaction.

/**
 * Shorter strings inside a secret object are not registered: the runner masks every occurrence in
 * every later line, so "443" or "true" would garble the log while hiding nothing.
 */
const MIN_NESTED_SECRET_LENGTH = 4

/**
 * The bare values to register for a secret: the value itself (a string, or a number/boolean as
 * text), each string of at least 4 characters inside an object or array, the object's JSON, and
 * JSON-escaped forms. Numbers and booleans inside objects are left out.
 */
export function secretValues(value: unknown): string[] {
  const found = new Set<string>()
  const add = (s: string): void => {
    if (s === '') return
    found.add(s)
    const escaped = JSON.stringify(s).slice(1, -1)
    if (escaped !== s) found.add(escaped)
  }
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= MIN_NESTED_SECRET_LENGTH) add(v)
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  if (typeof value === 'string') add(value)
  else if (typeof value === 'number' || typeof value === 'boolean') add(String(value))
  else if (value !== null && typeof value === 'object') {
    walk(value)
    add(JSON.stringify(value))
  }
  return [...found]
}

/** Every string of at least 4 characters in a value whose secrecy is unknown (nested or not). */
export function possibleSecretValues(value: unknown): string[] {
  return typeof value === 'string'
    ? value.length >= MIN_NESTED_SECRET_LENGTH
      ? secretValues(value)
      : []
    : value !== null && typeof value === 'object'
      ? secretValues(value).filter((s) => s.length >= MIN_NESTED_SECRET_LENGTH)
      : []
}
