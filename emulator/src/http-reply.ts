// What a service handler answers; the server writes it, the request log records `log`.
import type { RequestLogEntry } from './types.js'

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** Serialized as JSON unless it is a string. */
  body?: unknown
  log?: Partial<RequestLogEntry>
}

export const json = (status: number, body: unknown, log?: Partial<RequestLogEntry>): Reply => ({
  status,
  body,
  log
})
