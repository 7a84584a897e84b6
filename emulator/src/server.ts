// Request dispatch: admin, GitHub OIDC, Entra, and everything else to ARM behind its
// authentication and the fault engine. Writes the reply and the request log entry.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { handleAdmin, isAdminPath, type AdminDeps } from './admin.js'
import { parseLenientJson } from './arm/lenient-json.js'
import { authenticateArm, type ArmAuthDeps } from './arm-auth.js'
import { handleFiles, isFilesPath } from './files.js'
import { handleEntra, isEntraPath, isTokenPath, type EntraDeps } from './entra.js'
import type { FaultEngine } from './faults.js'
import { handleGithubOidc, isIdTokenPath, isOidcPath, type GithubOidcDeps } from './github-oidc.js'
import type { Reply } from './http-reply.js'
import { loggedPath, type RequestLog } from './request-log.js'
import type { ArmApi, EmulatorClock, RequestLogEntry } from './types.js'

export interface ServerDeps {
  baseUrl: string
  clock: EmulatorClock
  subscriptionId: string
  faults: FaultEngine
  log: RequestLog
  arm: ArmApi
  entra: EntraDeps
  oidc: GithubOidcDeps
  armAuth: ArmAuthDeps
  admin: AdminDeps
  /** Served at /_files/ (templateLink.uri targets). */
  filesDir: string
}

type Service = RequestLogEntry['service']

export async function handleRequest(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase()
  const url = new URL(req.url ?? '/', deps.baseUrl)
  const raw = await readBody(req)
  const clientCorrelation =
    header(req, 'x-ms-correlation-request-id') ?? header(req, 'client-request-id')
  const correlationId = clientCorrelation ?? randomUUID()
  const record = (service: Service, status: number, extra: Partial<RequestLogEntry> = {}) =>
    deps.log.add({
      method,
      path: loggedPath(url),
      status,
      service,
      realTime: new Date(deps.clock.now()).toISOString(),
      emulatedMs: Math.round(deps.clock.emulatedElapsed()),
      ...extra
    })
  const send = (service: Service, reply: Reply, headers: Record<string, string> = {}) => {
    record(service, reply.status, reply.log)
    writeReply(res, method, reply, headers)
  }

  if (isAdminPath(url.pathname)) {
    return send(
      'admin',
      handleAdmin(deps.admin, method, url.pathname, req.headers.authorization, parseJson(raw))
    )
  }
  if (isFilesPath(url.pathname)) {
    return send('files', handleFiles(deps.filesDir, method, url.pathname))
  }
  if (isOidcPath(url.pathname)) {
    const status = isIdTokenPath(url.pathname) ? deps.faults.oidcStatus() : undefined
    if (status !== undefined) {
      return send('oidc', {
        status,
        body: { message: 'Internal Server Error' },
        log: { fault: 'oidc-error' }
      })
    }
    return send('oidc', handleGithubOidc(deps.oidc, method, url, req.headers.authorization))
  }
  if (isEntraPath(url.pathname)) {
    const entraHeaders = {
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
      'x-ms-request-id': randomUUID(),
      'x-ms-ests-server': '2.1.19999.1 - EMU ProdSlices',
      ...(header(req, 'client-request-id')
        ? { 'client-request-id': header(req, 'client-request-id') as string }
        : {})
    }
    const status = isTokenPath(url.pathname) ? deps.faults.tokenEndpointStatus() : undefined
    if (status !== undefined) {
      return send(
        'entra',
        { status, body: 'Service Unavailable', log: { fault: 'token-endpoint-down' } },
        entraHeaders
      )
    }
    const form = new URLSearchParams(method === 'POST' ? raw.toString('utf8') : '')
    return send(
      'entra',
      handleEntra(deps.entra, method, url.pathname, form, correlationId),
      entraHeaders
    )
  }
  return handleArm(deps, req, res, { method, url, raw, correlationId, record })
}

async function handleArm(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: {
    method: string
    url: URL
    raw: Buffer
    correlationId: string
    record: (service: Service, status: number, extra?: Partial<RequestLogEntry>) => RequestLogEntry
  }
): Promise<void> {
  const { method, url, correlationId, record } = ctx
  const requestId = randomUUID()
  const armHeaders: Record<string, string> = {
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId,
    'x-ms-routing-request-id': `EASTUS:${new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}:${requestId}`,
    'x-cache': 'CONFIG_NOCACHE'
  }
  const read = method === 'GET' || method === 'HEAD'
  const latency = deps.faults.armLatency()
  const action = deps.faults.armAction(method, url.pathname)
  if (latency > 0) await sleep(latency)
  const faultTag =
    [latency > 0 ? 'latency' : undefined, action.kind === 'none' ? undefined : action.fault]
      .filter(Boolean)
      .join('+') || undefined
  if (action.kind === 'destroy') {
    record('arm', 0, { fault: faultTag })
    req.socket.destroy()
    return
  }
  const send = (reply: Reply) => {
    const limits: Record<string, string> = read
      ? {
          'x-ms-ratelimit-remaining-subscription-reads': String(deps.faults.readsRemaining()),
          'x-ms-ratelimit-remaining-subscription-global-reads': String(deps.faults.readsRemaining())
        }
      : {
          'x-ms-ratelimit-remaining-subscription-writes': '799',
          'x-ms-ratelimit-remaining-subscription-global-writes': '11999'
        }
    const errorCode = errorCodeOf(reply.body)
    record('arm', reply.status, {
      ...(errorCode ? { errorCode } : {}),
      ...(faultTag ? { fault: faultTag } : {}),
      ...(reply.body !== undefined ? { responseBody: reply.body } : {}),
      ...reply.log
    })
    writeReply(res, method, reply, { ...armHeaders, ...limits })
  }
  if (action.kind === 'error') {
    return send(armFault(deps, action.status, requestId, correlationId))
  }
  if (action.kind === 'throttle') {
    const body = {
      error: {
        code: 'SubscriptionRequestsThrottled',
        message: `Number of 'read' requests for subscription '${deps.subscriptionId}' actor '${requestId}' exceeded. Please try again after '${action.retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`
      }
    }
    return send({
      status: 429,
      headers: { 'retry-after': String(action.retryAfterSeconds) },
      body,
      log: { responseType: 'CloudError' }
    })
  }
  const principal = authenticateArm(deps.armAuth, req.headers.authorization)
  if ('status' in principal) return send(principal)
  let body: unknown
  if (ctx.raw.length > 0) {
    // ARM accepts Json.NET's lenient JSON (az 2.45 sends `template:{...}` unquoted).
    body = parseArmBody(ctx.raw)
    if (body === undefined) {
      const error = {
        error: {
          code: 'InvalidRequestContent',
          message: 'The request content was invalid and could not be deserialized.'
        }
      }
      return send({
        status: 400,
        body: error,
        log: { responseType: 'CloudError', tokenId: principal.tokenId }
      })
    }
  }
  try {
    const response = await deps.arm.handle({
      method,
      url,
      headers: req.headers,
      body,
      principal,
      correlationId
    })
    send({
      status: response.status,
      headers: response.headers,
      body: response.body,
      log: {
        tokenId: principal.tokenId,
        ...(response.schema ? { responseType: response.schema } : {})
      }
    })
  } catch (error) {
    process.stderr.write(
      `emulator: ARM handler failed for ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}\n`
    )
    const reply = armFault(deps, 500, requestId, correlationId)
    send({ ...reply, log: { ...reply.log, tokenId: principal.tokenId } })
  }
}

const FAULT_CODES: Record<number, [string, string]> = {
  500: ['InternalServerError', 'Encountered internal server error.'],
  502: ['BadGateway', 'The gateway did not receive a response from the backend service.'],
  503: [
    'ServiceUnavailable',
    'The server is currently unable to handle the request due to a temporary overload.'
  ],
  504: [
    'GatewayTimeout',
    'The gateway did not receive a response within the specified time period.'
  ]
}

function armFault(
  deps: ServerDeps,
  status: number,
  trackingId: string,
  correlationId: string
): Reply {
  const [code, text] = FAULT_CODES[status] ?? FAULT_CODES[500]
  const message = `${text} Diagnostic information: timestamp '${new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}', subscription id '${deps.subscriptionId}', tracking id '${trackingId}', request correlation id '${correlationId}'.`
  return { status, body: { error: { code, message } }, log: { responseType: 'CloudError' } }
}

function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

function writeReply(
  res: ServerResponse,
  method: string,
  reply: Reply,
  base: Record<string, string>
): void {
  const headers: Record<string, string> = { ...base, ...reply.headers }
  let payload: Buffer | undefined
  if (reply.body !== undefined) {
    const isText = typeof reply.body === 'string'
    payload = Buffer.from(isText ? (reply.body as string) : JSON.stringify(reply.body))
    headers['content-type'] ??= isText
      ? 'text/plain; charset=utf-8'
      : 'application/json; charset=utf-8'
  }
  headers['content-length'] = String(payload?.length ?? 0)
  res.writeHead(reply.status, headers)
  res.end(method === 'HEAD' ? undefined : payload)
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

function parseArmBody(raw: Buffer): unknown {
  try {
    return parseLenientJson(raw.toString('utf8'))
  } catch {
    return undefined
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
