// Every duration as text: the inputs' (`30s`, `45m`, `1h30m`, `2h15m10s` or plain seconds `90`),
// ARM's ISO 8601 ones, and the one formatter for logs and the summary.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 }
const PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/

/** Parses a duration to milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const match = PATTERN.exec(value)
  if (!match || value === '') return undefined
  const [, h, m, s] = match
  return Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s
}

/** ISO 8601 durations as ARM writes them (`PT1H2M3.5S`), in ms. */
export function parseIsoDuration(text: string | undefined): number | undefined {
  if (!text) return undefined
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text
    )
  if (!m) return undefined
  const [, d, h, min, s] = m.map((v) => Number(v ?? 0))
  return Math.round(((d * 24 + h) * 60 + min) * 60_000 + s * 1000)
}

/**
 * Formats milliseconds for people: `45s`, `31m`, `1h05m`, `3h`. `precise` (retry delays, token
 * lifetimes) keeps tenths of a second and milliseconds instead: `1.5s`, `3600s`, `250ms`.
 */
export function formatDuration(ms: number, { precise = false } = {}): string {
  if (precise) return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${Math.round(ms)}ms`
  const totalSeconds = Math.max(0, Math.round(ms / 1000))
  if (totalSeconds < 60) return `${totalSeconds}s`
  const totalMinutes = Math.floor(totalSeconds / 60)
  if (totalMinutes < 60) {
    const seconds = totalSeconds % 60
    return totalMinutes < 10 && seconds > 0
      ? `${totalMinutes}m${pad(seconds)}s`
      : `${totalMinutes}m`
  }
  const hours = Math.floor(totalMinutes / 60)
  const minutes = totalMinutes % 60
  return minutes === 0 ? `${hours}h` : `${hours}h${pad(minutes)}m`
}

function pad(n: number): string {
  return n.toString().padStart(2, '0')
}
