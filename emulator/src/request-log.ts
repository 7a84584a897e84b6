// The request log: what tests assert on. Never a secret: tokens appear only by id (jti).
import { appendFileSync, writeFileSync } from 'node:fs'
import type { RequestLogEntry } from './types.js'

export class RequestLog {
  private readonly entries: RequestLogEntry[] = []

  constructor(private readonly file?: string) {
    if (file) writeFileSync(file, '')
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: this.entries.length + 1, ...entry }
    this.entries.push(full)
    if (this.file) appendFileSync(this.file, JSON.stringify(full) + '\n')
    return full
  }

  all(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }))
  }
}

/** Path and query as logged: query values that could carry secrets are redacted. */
export function loggedPath(url: URL): string {
  const query = new URLSearchParams(url.search)
  for (const key of [...query.keys()]) {
    if (/token|secret|assertion|sig|code|key/i.test(key)) query.set(key, 'REDACTED')
  }
  const q = query.toString()
  return q ? `${url.pathname}?${q}` : url.pathname
}
