// How template and parameter errors name the inputs to fix (they are TemplateInputErrors, errors.ts).

/** `Input 'a'`, `Inputs 'a' and 'b'`, `Inputs 'a', 'b' and 'c'`: the start of every message here. */
export function named(...inputs: string[]): string {
  const quoted = inputs.map((i) => `'${i}'`)
  if (quoted.length === 1) return `Input ${quoted[0]}`
  return `Inputs ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
}
