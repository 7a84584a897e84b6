// Durations as scenario files and CLI options write them: `90s`, `45m`, `1h30m`, `2d`, `500ms`, or
// plain seconds (`90`).

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parses a duration into milliseconds; throws naming the value when it is not one. */
export function parseDuration(value: string | number, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`${what}: expected a duration, got ${value}`)
    return value * 1000
  }
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
  let total = 0
  let consumed = 0
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]]
    consumed = part.lastIndex
  }
  if (text.length === 0 || consumed !== text.length) {
    throw new Error(`${what}: expected a duration like 90s, 45m or 1h30m, got '${value}'`)
  }
  return total
}
