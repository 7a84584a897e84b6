// What an ARM response says about the subscription's read budget: how many reads are left in the
// bucket (x-ms-ratelimit-remaining-subscription-reads) and, when ARM throttles, how long to wait
// (Retry-After). ARM's bucket holds 250 reads, refilled 25 a second, shared by every client of the
// subscription with the same principal; one process sees only these headers.

export const REMAINING_READS_HEADER = 'x-ms-ratelimit-remaining-subscription-reads'

/** The part of a response's headers these readers use (HttpHeaders of the pipeline). */
export interface HeaderSource {
  get(name: string): string | undefined
}

/** Reads left in the subscription's bucket, or undefined when ARM did not say. */
export function remainingReads(headers: HeaderSource): number | undefined {
  const text = headers.get(REMAINING_READS_HEADER)
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

/** Retry-After in ms (seconds or an HTTP date), 0 when absent or unreadable. */
export function retryAfterMs(headers: HeaderSource, now: number): number {
  const header = headers.get('retry-after')
  if (!header) return 0
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? 0 : Math.max(0, date - now)
}
