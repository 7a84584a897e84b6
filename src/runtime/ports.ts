// Small interfaces the core logic talks to instead of @actions/core, so tests can use in-memory
// ones. One adapter (core-adapter.ts) implements them with @actions/core.

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string, annotation?: AnnotationProperties): void
  error(message: string, annotation?: AnnotationProperties): void
  /** Collapsible group in the step log. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
}

/** Registers a value so the runner masks it everywhere; must be called before the value is logged or set. */
export interface SecretMasker {
  setSecret(value: string): void
}

export interface OutputSink {
  setOutput(name: string, value: string): void
}

export interface StateStore {
  saveState(name: string, value: string): void
  getState(name: string): string
}

export interface SummarySink {
  /** Writes (appends) markdown to the job summary. */
  write(markdown: string): Promise<void>
}

/** Mints a GitHub OIDC ID token for the given audience (github-id-token-request.ts in production). */
export type IdTokenProvider = (audience: string) => Promise<string>

/** Injectable time so timers and backoff are testable. */
export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Raw input lookup: the value, '' when unset (core.getInput in production). */
export type InputSource = (name: string) => string
