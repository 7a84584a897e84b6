// Contract between the emulator's platform half (server, TLS, clock, Entra, GitHub OIDC, ARM
// authentication, faults, request log, CLI) and its ARM half (deployments API, simulation,
// templates, what-if). Change it only in a way both halves keep compiling against.

import type { IncomingHttpHeaders } from 'node:http'

/**
 * Emulated time. The wire always carries real time (expires_in, exp, Retry-After, timestamps,
 * durations); the scale only shortens how long emulated things take.
 */
export interface EmulatorClock {
  /** Emulated seconds per real second. */
  readonly timeScale: number
  /** Real epoch ms, now. */
  now(): number
  /** Emulated ms since the emulator started (for scenario windows and the request log). */
  emulatedElapsed(): number
  /** Converts an emulated duration to the real duration it takes. */
  toReal(emulatedMs: number): number
  /** setTimeout in emulated ms; returns a cancel function. Timers never keep the process alive. */
  after(emulatedMs: number, fn: () => void): () => void
}

/** Deterministic PRNG (seeded from the scenario), shared so that a seed reproduces a run. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
}

/** Durations in scenario files are strings like `90s`, `45m`, `1h30m` (emulated time). */
export type DurationString = string

export interface Scenario {
  seed?: number
  /** Emulated provisioning durations: by resource type (case-insensitive) and by resource name. */
  durations?: { byType?: Record<string, DurationString>; byName?: Record<string, DurationString> }
  /** Resources that fail provisioning. */
  failures?: Array<{
    resourceName?: string
    resourceType?: string
    code: string
    message: string
    after?: DurationString
  }>
  /** Resources (by name or type) that never finish: the deployment stays Running. */
  neverEnd?: Array<{ resourceName?: string; resourceType?: string }>
  /** Transport and identity faults (the platform half applies them). */
  faults?: Fault[]
}

/** Windows are relative to emulator start, in emulated time: `from` inclusive, lasting `for`. */
export interface FaultWindow {
  from?: DurationString
  for?: DurationString
}

export type Fault =
  /** ARM read throttling: a token bucket like ARM's; when empty, 429 with Retry-After. */
  | ({
      kind: 'throttle'
      capacity?: number
      refillPerSecond?: number
      retryAfterSeconds?: number
    } & FaultWindow)
  /**
   * ARM requests matching `method` / `pathContains` / `pathPattern` answer `status` (400–599) with
   * ARM's error body for it: the next `count` of them, or all of them in the window.
   */
  | ({
      kind: 'http-error'
      status: number
      count?: number
      method?: string
      /** Case-insensitive substring of the path. */
      pathContains?: string
      /** Case-insensitive regular expression (JavaScript syntax) tested on the path. */
      pathPattern?: string
      /** Retry-After header (seconds), e.g. for 429 or 503. */
      retryAfterSeconds?: number
    } & FaultWindow)
  /** The next `count` ARM requests have their connection reset. */
  | ({ kind: 'reset'; count: number } & FaultWindow)
  /** Extra latency on ARM responses, real ms. */
  | ({ kind: 'latency'; ms: number; count?: number } & FaultWindow)
  /** ARM unreachable (connections destroyed) during the window. */
  | ({ kind: 'arm-down' } & FaultWindow)
  /** Entra's and the managed-identity token endpoints answer `status` (503) during the window. */
  | ({ kind: 'token-endpoint-down'; status?: number } & FaultWindow)
  /**
   * Entra's and the managed-identity token endpoints accept the request and never answer (the
   * next `count`, or all in the window); the connection stays open until the client gives up.
   */
  | ({ kind: 'token-endpoint-hang'; count?: number } & FaultWindow)
  /** Entra's token endpoint refuses every grant (the next `count`, or all) with a permanent error. */
  | ({ kind: 'entra-error'; code: EntraErrorCode; count?: number } & FaultWindow)
  /**
   * ARM answers matching requests (`pathContains`, default all) with a CAE claims challenge
   * (401, `error="insufficient_claims"`) until the token presented carries the challenged claims;
   * the next `count` challenges, or all in the window.
   */
  | ({ kind: 'claims-challenge'; count?: number; pathContains?: string } & FaultWindow)
  /** GitHub OIDC endpoint answers 5xx during the window. */
  | ({ kind: 'oidc-error'; status?: number } & FaultWindow)
  /** Access tokens issued before `at` are revoked at `at` (ARM answers 401 before their exp). */
  | { kind: 'revoke-tokens'; at: DurationString }

/** Permanent Entra errors the `entra-error` fault can send. */
export type EntraErrorCode = 'AADSTS7000215' | 'AADSTS700213' | 'AADSTS700016' | 'AADSTS700211'

/** A request after TLS, body read, as the ARM half sees it. */
export interface ArmRequest {
  method: string
  /** Full URL (https://host:port/path?query). */
  url: URL
  headers: IncomingHttpHeaders
  /** Parsed JSON body, or undefined. */
  body: unknown
  /** Who is calling, from the validated bearer token. */
  principal: { tenantId: string; clientId: string; tokenId: string }
  /** x-ms-correlation-request-id for this request (the client's or a new one). */
  correlationId: string
}

export interface ArmResponse {
  status: number
  headers?: Record<string, string>
  /** Serialized as JSON when present. */
  body?: unknown
  /** OpenAPI response type of the body, for the schema test: 'DeploymentExtended', 'CloudError', … */
  schema?: string
}

/** What the ARM half gets from the platform half. */
export interface ArmContext {
  clock: EmulatorClock
  random: Random
  scenario: Scenario
  /** Base URL of the server, e.g. `https://127.0.0.1:8443` (no trailing slash). */
  baseUrl: string
  tenantId: string
  subscriptionId: string
  /** Folder served at `<baseUrl>/_files/`: templateLink/parametersLink URIs there are readable. */
  filesDir?: string
}

/** The ARM half: handles every request that is not Entra, OIDC or admin. */
export interface ArmApi {
  handle(req: ArmRequest): Promise<ArmResponse>
  /** Admin operations tests and the admin endpoint use (e.g. cancel as someone else). */
  admin: ArmAdmin
}

export interface ArmAdmin {
  /** Cancels a running deployment as another user would (by full deployment id, case-insensitive). */
  cancel(deploymentId: string): boolean
  /** Creates a resource group (tests create the groups they deploy into). */
  createResourceGroup(subscriptionId: string, name: string, location: string): void
}

export interface RequestLogEntry {
  /** Sequence number from 1. */
  seq: number
  method: string
  /** Path and query, never a secret (no tokens in query strings are logged). */
  path: string
  status: number
  /**
   * 'arm' | 'entra' | 'oidc' | 'admin' | 'files' (the static `/_files/` folder) |
   * 'managed-identity' (the IDENTITY_ENDPOINT token endpoint) | 'github' (GitHub's REST API)
   */
  service: 'arm' | 'entra' | 'oidc' | 'admin' | 'files' | 'managed-identity' | 'github'
  realTime: string
  emulatedMs: number
  /** Which credential a token request used: 'secret' | 'certificate' | 'federated' (GitHub OIDC) | 'managed-identity'. */
  credentialKind?: 'secret' | 'certificate' | 'federated' | 'managed-identity'
  /** Opaque id (jti) of the access token presented to ARM, or issued by Entra. */
  tokenId?: string
  /** jti of the GitHub ID token presented as assertion / issued by the OIDC endpoint. */
  idTokenId?: string
  /** For token requests with an assertion: was it unexpired when presented. */
  assertionValid?: boolean
  /** ARM error code or AADSTS code when failed. */
  errorCode?: string
  /** Fault applied, if any. */
  fault?: string
  /** Request body of GitHub API calls (comment bodies are not secret), for the schema gate. */
  requestBody?: unknown
  /** Response body for ARM and GitHub API JSON responses (schema test); absent for Entra/OIDC. */
  responseBody?: unknown
  /** Which response type the body is (for the schema test), set by the ARM half. */
  responseType?: string
}
