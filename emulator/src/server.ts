// Request dispatch: admin, GitHub OIDC, Entra, and everything else to ARM (arm-gateway.ts).
// Writes the reply and the request log entry.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { handleAdmin, isAdminPath, type AdminDeps } from './admin.js'
import { handleArm, type ArmGatewayDeps } from './arm-gateway.js'
import { handleFiles, isFilesPath } from './files.js'
import { handleEntra, isEntraPath, isTokenPath, type EntraDeps } from './entra.js'
import { handleGithubApi, isGithubApiPath, type GithubApiDeps } from './github-api.js'
import { handleGithubOidc, isIdTokenPath, isOidcPath, type GithubOidcDeps } from './github-oidc.js'
import type { Reply } from './http-reply.js'
import { header, parseJson, readBody, writeReply } from './http-wire.js'
import {
  handleManagedIdentity,
  isManagedIdentityPath,
  type ManagedIdentityDeps
} from './managed-identity.js'
import { loggedPath, type RequestLog } from './request-log.js'
import type { RequestLogEntry } from './types.js'

export interface ServerDeps extends ArmGatewayDeps {
  baseUrl: string
  log: RequestLog
  entra: EntraDeps
  oidc: GithubOidcDeps
  managedIdentity: ManagedIdentityDeps
  githubApi: GithubApiDeps
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
  if (isGithubApiPath(url.pathname)) {
    const body = parseJson(raw)
    const reply = handleGithubApi(deps.githubApi, method, url, req.headers.authorization, body)
    return send(
      'github',
      {
        ...reply,
        log: { ...reply.log, ...(body !== undefined ? { requestBody: body } : {}) }
      },
      {
        'x-github-request-id': randomUUID().toUpperCase(),
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-resource': 'core'
      }
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
  const tokenService = isEntraPath(url.pathname)
    ? 'entra'
    : isManagedIdentityPath(url.pathname)
      ? 'managed-identity'
      : undefined
  if (tokenService) {
    const tokenHeaders =
      tokenService === 'entra'
        ? {
            'cache-control': 'no-store, no-cache',
            pragma: 'no-cache',
            'x-ms-request-id': randomUUID(),
            'x-ms-ests-server': '2.1.19999.1 - EMU ProdSlices',
            ...(header(req, 'client-request-id')
              ? { 'client-request-id': header(req, 'client-request-id') as string }
              : {})
          }
        : {}
    const tokenRequest = tokenService === 'managed-identity' || isTokenPath(url.pathname)
    if (tokenRequest && deps.faults.tokenEndpointHangs()) {
      // Accepted and never answered: the socket stays open until the client gives up (or stop()).
      record(tokenService, 0, { fault: 'token-endpoint-hang' })
      return
    }
    const status = tokenRequest ? deps.faults.tokenEndpointStatus() : undefined
    if (status !== undefined) {
      return send(
        tokenService,
        { status, body: 'Service Unavailable', log: { fault: 'token-endpoint-down' } },
        tokenHeaders
      )
    }
    if (tokenService === 'managed-identity') {
      return send(
        tokenService,
        handleManagedIdentity(
          deps.managedIdentity,
          method,
          url,
          header(req, 'x-identity-header'),
          correlationId
        )
      )
    }
    const form = new URLSearchParams(method === 'POST' ? raw.toString('utf8') : '')
    const forced = method === 'POST' && tokenRequest ? deps.faults.entraError() : undefined
    return send(
      'entra',
      handleEntra(deps.entra, method, url.pathname, form, correlationId, forced),
      tokenHeaders
    )
  }
  return handleArm(deps, req, res, { method, url, raw, correlationId, record })
}
