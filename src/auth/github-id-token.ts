/**
 * GitHub OIDC ID tokens for the client-assertion credential.
 *
 * Usage:
 *   const idTokens = new GitHubIdTokenCache({
 *     provider: coreIdTokens,  // runtime/core-adapter.ts: one attempt per mint, this cache retries
 *     audience: auth.audience,
 *     logger
 *   })
 *   const assertion = await idTokens.getIdToken()
 *
 * Why a cache: `@azure/identity`'s ClientAssertionCredential asks for an assertion twice per
 * getToken, and an ID token lives ~5 minutes, so we keep one until shortly before its own `exp`
 * (20 % of its lifetime, at most 60 s, plus 1 s for whole-second claims) and mint a new one after that. Concurrent callers share one
 * in-flight mint. A failed mint (the OIDC endpoint answering 5xx) is retried with exponential
 * backoff and jitter, one log line per attempt. Tokens are never logged.
 */
import type { Clock, IdTokenProvider, Logger } from '../runtime/ports.js'
import { formatDuration } from '../duration.js'
import { describeError } from './log-text.js'
import { backoff } from './refresh-schedule.js'
import { systemClock } from '../runtime/system-clock.js'

/** What to do when the runner offers no ID token (the settings reader says it too). */
export const ID_TOKEN_PERMISSION_HINT =
  'add `permissions: id-token: write` to the workflow or job so the runner offers a GitHub ID token'

/** Thrown when the runner offers no ID token; never retried. */
export class MissingIdTokenPermissionError extends Error {
  constructor() {
    super(`GitHub did not offer an OIDC ID token to this job: ${ID_TOKEN_PERMISSION_HINT}`)
    this.name = 'MissingIdTokenPermissionError'
  }
}

export interface GitHubIdTokenCacheOptions {
  provider: IdTokenProvider
  audience: string
  logger: Logger
  clock?: Clock
  /** Uniform [0, 1) source for jitter (tests pass a constant). */
  random?: () => number
  /** Mint attempts before giving up. Default 6 (about a minute of backoff). */
  maxAttempts?: number
  /**
   * Mean first backoff delay, doubled per attempt, capped at maxBackoffMs, +-20 % jitter. Defaults
   * 1.5 s / 15 s (the same mean wait as the equal-jitter 2 s / 20 s this replaced).
   */
  initialBackoffMs?: number
  maxBackoffMs?: number
  /** Ends a retry wait at once (the session closed): nobody is waiting for the token any more. */
  signal?: AbortSignal
}

/** Lifetime assumed for a token whose payload carries no readable `exp` (GitHub's is ~5 min). */
const ASSUMED_LIFETIME_MS = 5 * 60_000
const MAX_MARGIN_MS = 60_000
const NUMERIC_DATE_SLACK_MS = 1_000

export class GitHubIdTokenCache {
  private cached?: { token: string; renewAt: number }
  private inFlight?: Promise<string>
  private mints = 0
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly options: GitHubIdTokenCacheOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  /** How many ID tokens were minted (successful mints only). */
  get mintCount(): number {
    return this.mints
  }

  /** A valid ID token for the audience: the cached one, or a freshly minted one. */
  getIdToken = async (): Promise<string> => {
    if (this.cached && this.clock.now() < this.cached.renewAt) return this.cached.token
    this.inFlight ??= this.mintWithRetry().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  /**
   * Drops the cached token: Entra refused it (AADSTS700024, e.g. a runner clock skewed past its
   * time range), so the next getIdToken mints a new one instead of re-sending the dead assertion.
   */
  invalidate(): void {
    this.cached = undefined
  }

  private async mintWithRetry(): Promise<string> {
    const { provider, audience, logger } = this.options
    const maxAttempts = this.options.maxAttempts ?? 6
    const initial = this.options.initialBackoffMs ?? 1_500
    const cap = this.options.maxBackoffMs ?? 15_000
    for (let attempt = 1; ; attempt++) {
      try {
        const issuedAt = this.clock.now()
        const token = await provider(audience)
        this.cached = { token, renewAt: renewAt(token, issuedAt) }
        this.mints++
        logger.debug(
          `GitHub ID token minted for audience ${audience}, reused until ${new Date(this.cached.renewAt).toISOString()}`
        )
        return token
      } catch (error) {
        if (error instanceof MissingIdTokenPermissionError) throw error
        // core.getIDToken's own words for the same cause, when a bare provider is used.
        if (/Unable to get ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(describeError(error))) {
          throw new MissingIdTokenPermissionError()
        }
        if (attempt >= maxAttempts || !isRetryable(error)) {
          const after = attempt > 1 ? ` after ${attempt} attempts` : ''
          throw new Error(`could not get a GitHub OIDC ID token${after}: ${describeError(error)}`, {
            cause: error
          })
        }
        const delay = backoff(attempt, initial, this.random(), cap)
        logger.warning(
          `GitHub ID token request failed (attempt ${attempt}/${maxAttempts}: ${describeError(error)}), retrying in ${formatDuration(delay, { precise: true })}`
        )
        await this.clock.sleep(delay, this.options.signal)
      }
    }
  }
}

/**
 * When to stop reusing a token: `exp` minus 20 % of its lifetime (at most 60 s), minus 1 s more
 * because `exp` and `iat` are whole seconds (an issuer may round `exp` up).
 */
function renewAt(token: string, issuedAt: number): number {
  const claims = decodeJwtPayload(token)
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined
  if (exp === undefined) return issuedAt + ASSUMED_LIFETIME_MS * 0.8
  const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : issuedAt
  const lifetime = Math.max(0, exp - iat)
  return exp - Math.min(MAX_MARGIN_MS, lifetime * 0.2) - NUMERIC_DATE_SLACK_MS
}

/** Decodes a JWT's payload without verifying it (we only read our own token's times). */
function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (!part) return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** core.getIDToken reports `Error Code : 403` in its message; 4xx other than 408/429 will not heal. */
function isRetryable(error: unknown): boolean {
  const match = /Error Code\s*:\s*(\d{3})/.exec(error instanceof Error ? error.message : '')
  if (!match) return true
  const status = Number(match[1])
  return status >= 500 || status === 408 || status === 429
}
