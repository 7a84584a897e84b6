// Which strings to register with the runner for a secret value (secure parameters and outputs):
// shared by the secret registration, the output writer and the what-if redaction.

/** The bare values to register for a secure output: the text, each string inside it, JSON-escaped forms. */
export function secretValues(value: unknown): string[] {
  const found = new Set<string>()
  const add = (s: string): void => {
    if (s === '') return
    found.add(s)
    const escaped = JSON.stringify(s).slice(1, -1)
    if (escaped !== s) found.add(escaped)
  }
  const walk = (v: unknown): void => {
    if (typeof v === 'string') add(v)
    else if (typeof v === 'number' || typeof v === 'boolean') add(String(v))
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(value)
  if (value !== null && typeof value === 'object') add(JSON.stringify(value))
  return [...found]
}
