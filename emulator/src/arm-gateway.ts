// ARM's front door: ARM headers, rate-limit headers, transport faults, bearer authentication and
// the request body, then the ARM half (emulator/src/arm) answers.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseLenientJson } from './arm/lenient-json.js'
import {
  authenticateArm,
  claimsChallenge,
  satisfiesClaimsChallenge,
  type ArmAuthDeps
} from './arm-auth.js'
import { armFault, errorCodeOf } from './arm-errors.js'
import type { Reply } from './http-reply.js'
import { CLIENT_ID } from './identity.js'
import { decodeJwt, str } from './jwt.js'
import { writeReply } from './http-wire.js'
import type { FaultEngine } from './faults.js'
import type { ArmApi, EmulatorClock, RequestLogEntry } from './types.js'

export interface ArmGatewayDeps {
  clock: EmulatorClock
  subscriptionId: string
  faults: FaultEngine
  arm: ArmApi
  armAuth: ArmAuthDeps
}

type RecordFn = (
  service: RequestLogEntry['service'],
  status: number,
  extra?: Partial<RequestLogEntry>
) => RequestLogEntry

export async function handleArm(
  deps: ArmGatewayDeps,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: {
    method: string
    url: URL
    raw: Buffer
    correlationId: string
    record: RecordFn
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
    const reply = armFault(
      { ...deps, clientId: callerClientId(req.headers.authorization) },
      action.status,
      requestId,
      correlationId,
      { method, path: url.pathname }
    )
    const retryAfter = action.retryAfterSeconds
    return send(
      retryAfter === undefined
        ? reply
        : { ...reply, headers: { 'retry-after': String(retryAfter) } }
    )
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
  if (
    deps.faults.claimsChallenge(url.pathname, satisfiesClaimsChallenge(deps.armAuth, principal))
  ) {
    return send(claimsChallenge(deps.armAuth, principal.tokenId))
  }
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
    const reply = armFault({ ...deps, clientId: principal.clientId }, 500, requestId, correlationId)
    send({ ...reply, log: { ...reply.log, tokenId: principal.tokenId } })
  }
}

function parseArmBody(raw: Buffer): unknown {
  try {
    return parseLenientJson(raw.toString('utf8'))
  } catch {
    return undefined
  }
}

/** The app id in the bearer token, unverified: only for the wording of an injected 403. */
function callerClientId(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  const jwt = token ? decodeJwt(token) : undefined
  return (jwt && str(jwt.claims.appid)) ?? CLIENT_ID
}
