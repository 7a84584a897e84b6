// Small helpers over JSON values that every template-function library uses, with ARM's
// conventions: strings as they are and everything else as JSON text; object keys case-insensitive.
export const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))
export const num = (v: unknown): number => Number(v)
export const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v)

/** Property of an object, matched case-insensitively as ARM does. */
export function property(
  obj: Record<string, unknown>,
  name: string
): [string, unknown] | undefined {
  return Object.entries(obj).find(([k]) => k.toLowerCase() === name.toLowerCase())
}
