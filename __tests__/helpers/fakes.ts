// The tests' fakes at our own seams: one logger (that also records outputs and secrets), one
// clock, and a scripted token issuer.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity'
import type {
  AnnotationProperties,
  Clock,
  Logger,
  OutputSink,
  SecretMasker
} from '../../src/runtime/ports.js'

export type LogLine = {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group'
  message: string
  annotation?: AnnotationProperties
}

/** Records every call in order, including secrets and outputs, so tests can check ordering. */
export class FakeLogger implements Logger, OutputSink, SecretMasker {
  readonly lines: LogLine[] = []
  readonly events: string[] = []
  readonly outputs: Record<string, string> = {}

  debug(message: string): void {
    this.lines.push({ level: 'debug', message })
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message })
  }
  warning(message: string, annotation?: AnnotationProperties): void {
    this.lines.push({ level: 'warning', message, ...(annotation ? { annotation } : {}) })
  }
  error(message: string, annotation?: AnnotationProperties): void {
    this.lines.push({ level: 'error', message, ...(annotation ? { annotation } : {}) })
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: name })
    return fn()
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value
    this.events.push(`output ${name}=${value}`)
  }
  setSecret(value: string): void {
    this.events.push(`secret ${value}`)
  }

  /** The messages (of one level, or all). */
  at(level?: LogLine['level']): string[] {
    return this.entries(level).map((l) => l.message)
  }
  /** The lines with their annotations (of one level, or all). */
  entries(level?: LogLine['level']): LogLine[] {
    return this.lines.filter((l) => !level || l.level === level)
  }
  get text(): string {
    return this.at().join('\n')
  }
}

interface Waiter {
  at: number
  resolve: () => void
}

/**
 * Time moves only when a test calls advance(), and sleeps resolve in time order; or, with
 * `instant`, every sleep passes at once and moves time on. Each sleep's length is recorded.
 */
export class FakeClock implements Clock {
  private waiters: Waiter[] = []
  readonly sleeps: number[] = []
  constructor(
    public t = Date.UTC(2026, 0, 1),
    private readonly options: { instant?: boolean } = {}
  ) {}

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'))
      if (this.options.instant) {
        this.t += ms
        return resolve()
      }
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
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r))
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
