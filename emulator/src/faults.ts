// Fault injection: which fault, if any, applies to a request. Count-based faults are consumed in
// request order and windows are in emulated time since start, so a seed and a request sequence
// reproduce the same faults.
import { parseDuration } from './durations.js'
import type { EmulatorClock, EntraErrorCode, Fault } from './types.js'

export type ArmFaultAction =
  | { kind: 'none' }
  | { kind: 'destroy'; fault: string }
  | { kind: 'error'; status: number; fault: string; retryAfterSeconds?: number }
  | { kind: 'throttle'; retryAfterSeconds: number; fault: string }

interface ActiveFault {
  fault: Fault
  remaining: number
  fromMs: number
  untilMs: number
  /** Throttle bucket state (emulated time of the last refill). */
  tokens: number
  refilledAt?: number
}

export class FaultEngine {
  private faults: ActiveFault[] = []

  constructor(
    private readonly clock: EmulatorClock,
    initial: Fault[] = []
  ) {
    initial.forEach((f) => this.add(f))
  }

  add(fault: Fault): void {
    validateFault(fault)
    const fromMs =
      'from' in fault && fault.from !== undefined ? parseDuration(fault.from, 'fault.from') : 0
    const forMs =
      'for' in fault && fault.for !== undefined ? parseDuration(fault.for, 'fault.for') : Infinity
    const capacity = fault.kind === 'throttle' ? (fault.capacity ?? 250) : 0
    this.faults.push({
      fault,
      remaining: 'count' in fault && fault.count !== undefined ? fault.count : Infinity,
      fromMs,
      untilMs: fromMs + forMs,
      tokens: capacity
    })
  }

  clear(): void {
    this.faults = []
  }

  list(): Fault[] {
    return this.faults.map((f) => f.fault)
  }

  private active(kind: Fault['kind']): ActiveFault[] {
    const now = this.clock.emulatedElapsed()
    return this.faults.filter(
      (f) => f.fault.kind === kind && f.remaining > 0 && now >= f.fromMs && now < f.untilMs
    )
  }

  /** Extra real latency for an ARM request (consumes counted latency faults). */
  armLatency(): number {
    let total = 0
    for (const f of this.active('latency')) {
      if (f.fault.kind !== 'latency') continue
      total += f.fault.ms
      f.remaining--
    }
    return total
  }

  /** What happens to an ARM request; the first matching fault wins, in this order. */
  armAction(method: string, path: string): ArmFaultAction {
    if (this.active('arm-down').length > 0) return { kind: 'destroy', fault: 'arm-down' }
    const reset = this.active('reset')[0]
    if (reset) {
      reset.remaining--
      return { kind: 'destroy', fault: 'reset' }
    }
    for (const f of this.active('http-error')) {
      if (f.fault.kind !== 'http-error') continue
      if (f.fault.method && f.fault.method.toUpperCase() !== method.toUpperCase()) continue
      if (!pathMatches(f.fault, path)) continue
      f.remaining--
      return {
        kind: 'error',
        status: f.fault.status,
        fault: `http-error:${f.fault.status}`,
        retryAfterSeconds: f.fault.retryAfterSeconds
      }
    }
    if (method === 'GET' || method === 'HEAD') {
      for (const f of this.active('throttle')) {
        if (f.fault.kind !== 'throttle') continue
        const refill = (f.fault.refillPerSecond ?? 25) / 1000
        const capacity = f.fault.capacity ?? 250
        const now = this.clock.emulatedElapsed()
        f.tokens = Math.min(capacity, f.tokens + (now - (f.refilledAt ?? now)) * refill)
        f.refilledAt = now
        if (f.tokens >= 1) {
          f.tokens -= 1
          continue
        }
        const untilToken = refill > 0 ? this.clock.toReal((1 - f.tokens) / refill) / 1000 : 60
        return {
          kind: 'throttle',
          retryAfterSeconds: f.fault.retryAfterSeconds ?? Math.max(1, Math.ceil(untilToken)),
          fault: 'throttle'
        }
      }
    }
    return { kind: 'none' }
  }

  /** Remaining reads for the x-ms-ratelimit-remaining-subscription-reads header. */
  readsRemaining(): number {
    const bucket = this.active('throttle')[0]
    return bucket ? Math.floor(bucket.tokens) : 11999
  }

  tokenEndpointStatus(): number | undefined {
    const f = this.active('token-endpoint-down')[0]?.fault
    return f?.kind === 'token-endpoint-down' ? (f.status ?? 503) : undefined
  }

  /** True when a token request (Entra's or managed identity's) is to be left unanswered. */
  tokenEndpointHangs(): boolean {
    const f = this.active('token-endpoint-hang')[0]
    if (!f) return false
    f.remaining--
    return true
  }

  /** The permanent error Entra's token endpoint answers with, if an entra-error fault is active. */
  entraError(): EntraErrorCode | undefined {
    const f = this.active('entra-error')[0]
    if (f?.fault.kind !== 'entra-error') return undefined
    f.remaining--
    return f.fault.code
  }

  /**
   * Whether ARM answers this request with a claims challenge: only when a claims-challenge fault
   * matches the path and the token presented does not satisfy it (`satisfied`).
   */
  claimsChallenge(path: string, satisfied: boolean): boolean {
    if (satisfied) return false
    const f = this.active('claims-challenge').find(
      (a) => a.fault.kind === 'claims-challenge' && pathMatches(a.fault, path)
    )
    if (!f) return false
    f.remaining--
    return true
  }

  oidcStatus(): number | undefined {
    const f = this.active('oidc-error')[0]?.fault
    return f?.kind === 'oidc-error' ? (f.status ?? 500) : undefined
  }

  /** Emulated time before which issued tokens are revoked, once a revocation has happened. */
  revokedBefore(): number | undefined {
    const now = this.clock.emulatedElapsed()
    let latest: number | undefined
    for (const { fault } of this.faults) {
      if (fault.kind !== 'revoke-tokens') continue
      const at = parseDuration(fault.at, 'revoke-tokens.at')
      if (now >= at && (latest === undefined || at > latest)) latest = at
    }
    return latest
  }
}

const KINDS = new Set<string>([
  'throttle',
  'http-error',
  'reset',
  'latency',
  'arm-down',
  'token-endpoint-down',
  'oidc-error',
  'revoke-tokens',
  'token-endpoint-hang',
  'entra-error',
  'claims-challenge'
])

const ENTRA_ERROR_CODES = new Set<string>([
  'AADSTS7000215',
  'AADSTS700213',
  'AADSTS700016',
  'AADSTS700211'
])

function pathMatches(
  fault: { pathContains?: string; pathPattern?: string },
  path: string
): boolean {
  if (fault.pathContains && !path.toLowerCase().includes(fault.pathContains.toLowerCase()))
    return false
  return !fault.pathPattern || new RegExp(fault.pathPattern, 'i').test(path)
}

/** Rejects a fault (from a scenario file or the admin endpoint) with a message naming the problem. */
export function validateFault(fault: unknown): asserts fault is Fault {
  if (typeof fault !== 'object' || fault === null) throw new Error('fault: expected an object')
  const kind = (fault as { kind?: unknown }).kind
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    throw new Error(
      `fault.kind: expected one of ${[...KINDS].join(', ')}, got ${JSON.stringify(kind)}`
    )
  }
  const f = fault as Record<string, unknown>
  for (const key of ['from', 'for', 'at'] as const) {
    if (f[key] !== undefined) parseDuration(f[key] as string, `fault.${key}`)
  }
  if (kind === 'revoke-tokens' && f.at === undefined)
    throw new Error('fault.at: required for revoke-tokens')
  if (
    kind === 'http-error' &&
    !(Number.isInteger(f.status) && (f.status as number) >= 400 && (f.status as number) <= 599)
  ) {
    throw new Error(
      `fault.status: expected an integer from 400 to 599, got ${JSON.stringify(f.status)}`
    )
  }
  if (kind === 'reset' && typeof f.count !== 'number') {
    throw new Error(`fault.count: required for ${kind}`)
  }
  if (f.count !== undefined && !(Number.isInteger(f.count) && (f.count as number) > 0)) {
    throw new Error(`fault.count: expected a positive integer, got ${JSON.stringify(f.count)}`)
  }
  if (f.pathPattern !== undefined) {
    if (typeof f.pathPattern !== 'string') throw new Error('fault.pathPattern: expected a string')
    try {
      new RegExp(f.pathPattern, 'i')
    } catch (error) {
      throw new Error(
        `fault.pathPattern: not a valid regular expression: ${(error as Error).message}`,
        {
          cause: error
        }
      )
    }
  }
  if (kind === 'entra-error' && !ENTRA_ERROR_CODES.has(f.code as string)) {
    throw new Error(
      `fault.code: expected one of ${[...ENTRA_ERROR_CODES].join(', ')}, got ${JSON.stringify(f.code)}`
    )
  }
  if (kind === 'latency' && typeof f.ms !== 'number')
    throw new Error('fault.ms: required for latency')
}
