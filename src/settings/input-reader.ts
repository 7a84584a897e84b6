// Typed getters over raw action inputs. Every error names the input and what was expected.
// Defaults live in action.yml only: the runner passes them (core.getInput returns action.yml's
// `default:` for an input the workflow leaves out), so an input with a default is read as required.

import { parseDuration } from '../duration.js'
import { InputError } from '../errors.js'
import type { InputSource } from '../runtime/ports.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isGuid(value: string): boolean {
  return GUID.test(value)
}

/** Quotes a value for an error message, shortened so a pasted blob does not flood the log. */
export function shown(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`
}

export class InputReader {
  constructor(private readonly source: InputSource) {}

  /** The value, or undefined when empty. */
  optional(name: string): string | undefined {
    const value = this.source(name).trim()
    return value === '' ? undefined : value
  }

  required(name: string, expected: string, why = ''): string {
    const value = this.optional(name)
    if (value === undefined)
      throw new InputError(name, `Input '${name}' is required${why}: expected ${expected}.`)
    return value
  }

  /**
   * One of `allowed`, matched case-insensitively and returned in its canonical spelling. Without
   * `fallback` (a default computed from other inputs) the input is required.
   */
  choice<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value =
      fallback === undefined
        ? this.required(name, `one of ${allowed.join(', ')}`)
        : this.optional(name)
    if (value === undefined) return fallback as T
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase())
    if (match === undefined) {
      throw new InputError(
        name,
        `Input '${name}' has ${shown(value)}: expected one of ${allowed.join(', ')}.`
      )
    }
    return match
  }

  boolean(name: string): boolean {
    const value = this.required(name, 'true or false')
    if (/^(true|yes|1)$/i.test(value)) return true
    if (/^(false|no|0)$/i.test(value)) return false
    throw new InputError(name, `Input '${name}' has ${shown(value)}: expected true or false.`)
  }

  /** Milliseconds; accepts `30s`, `45m`, `1h30m` or plain seconds. */
  duration(name: string): number {
    const value = this.required(
      name,
      'a positive duration like 30s, 45m, 1h30m or a number of seconds'
    )
    const ms = parseDuration(value)
    if (ms === undefined || ms <= 0) {
      throw new InputError(
        name,
        `Input '${name}' has ${shown(value)}: expected a positive duration like 30s, 45m, 1h30m or a number of seconds.`
      )
    }
    return ms
  }

  guid(name: string, what: string): string | undefined {
    const value = this.optional(name)
    if (value !== undefined && !isGuid(value)) {
      throw new InputError(
        name,
        `Input '${name}' has ${shown(value)}: expected ${what}, a GUID like 00000000-0000-0000-0000-000000000000.`
      )
    }
    return value
  }

  /** A JSON object (not an array or a scalar). */
  jsonObject(name: string): Record<string, unknown> | undefined {
    const value = this.optional(name)
    if (value === undefined) return undefined
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch (e) {
      const detail = e instanceof Error ? ` (${e.message})` : ''
      throw new InputError(
        name,
        `Input '${name}' is not valid JSON${detail}: expected a JSON object.`
      )
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError(
        name,
        `Input '${name}' is not a JSON object: expected a JSON object like {"key": "value"}.`
      )
    }
    return parsed as Record<string, unknown>
  }

  /** Items separated by commas or new lines, trimmed, empty ones dropped. */
  list(name: string, separator: RegExp = /[,\n]/): string[] {
    return (this.optional(name) ?? '')
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s !== '')
  }

  /** An https URL, without its trailing slash. */
  httpsUrl(name: string): string | undefined {
    const value = this.optional(name)
    if (value === undefined) return undefined
    let url: URL | undefined
    try {
      url = new URL(value)
    } catch {
      url = undefined
    }
    if (url?.protocol !== 'https:') {
      throw new InputError(name, `Input '${name}' has ${shown(value)}: expected an https URL.`)
    }
    return value.replace(/\/+$/, '')
  }
}
