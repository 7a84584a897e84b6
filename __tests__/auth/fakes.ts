// Fakes at our own seams: a manual clock, an in-memory logger, a scripted token issuer.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity'
import type { Clock, Logger } from '../../src/runtime/ports.js'

interface Waiter {
  at: number
  resolve: () => void
}

/** Time moves only when a test calls advance(); sleeps resolve in time order. */
export class FakeClock implements Clock {
  private waiters: Waiter[] = []
  constructor(public t = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'))
      const waiter: Waiter = { at: this.t + Math.max(0, ms), resolve }
      this.waiters.push(waiter)
      signal?.addEventListener(
        'abort',
        () => {
          this.waiters = this.waiters.filter((w) => w !== waiter)
          reject(new Error('aborted'))
        },
        { once: true }
      )
    })
  }

  /** Moves time forward by ms, waking sleepers in order and letting their work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    await settle()
    for (;;) {
      const due = this.waiters.filter((w) => w.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.t = Math.max(this.t, due.at)
      this.waiters = this.waiters.filter((w) => w !== due)
      due.resolve()
      await settle()
    }
    this.t = end
    await settle()
  }

  get pendingSleeps(): number {
    return this.waiters.length
  }
}

/** Lets promise chains (and setImmediate-scheduled work) run to quiescence. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r))
}

export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; message: string }> = []
  debug(message: string): void {
    this.lines.push({ level: 'debug', message })
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message })
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message })
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message })
  }
  group<T>(_name: string, fn: () => Promise<T>): Promise<T> {
    return fn()
  }
  at(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message)
  }
  get text(): string {
    return this.lines.map((l) => l.message).join('\n')
  }
}

/**
 * A scripted Entra: issues `tok-N` tokens living `lifetimeMs` from now, or throws while `failing`
 * is set. Each createCredential() call is counted, as the refresher must build a fresh one.
 */
export class FakeIssuer {
  credentialsCreated = 0
  issued: AccessToken[] = []
  failing?: () => Error
  /** When set, getToken waits for this promise first (to hold a refresh in flight). */
  gate?: Promise<void>

  constructor(
    private readonly clock: Clock,
    public lifetimeMs = 60 * 60_000
  ) {}

  createCredential = (): TokenCredential => {
    this.credentialsCreated++
    return {
      getToken: async (_scopes: string | string[], _options?: GetTokenOptions) => {
        if (this.gate) await this.gate
        if (this.failing) throw this.failing()
        const token = {
          token: `tok-${this.issued.length + 1}-secretvalue`,
          expiresOnTimestamp: this.clock.now() + this.lifetimeMs
        }
        this.issued.push(token)
        return token
      }
    }
  }
}

/** An unsigned JWT with the given times (seconds), enough for the ID token cache to read `exp`. */
export function fakeJwt(iatMs: number, lifetimeMs: number, jti = 'id'): string {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url')
  const iat = Math.floor(iatMs / 1000)
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iat, exp: iat + Math.floor(lifetimeMs / 1000), jti })}.sig-${jti}`
}
