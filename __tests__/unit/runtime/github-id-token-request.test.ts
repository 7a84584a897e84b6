import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { requestGitHubIdToken } from '../../../src/runtime/github-id-token-request.js'

interface Seen {
  url: string
  headers: http.IncomingHttpHeaders
}

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

/** A token service (or proxy) answering every request with `status` and `body`. */
async function serve(status: number, body: string): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    res.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

function deps(env: NodeJS.ProcessEnv) {
  const debug: string[] = []
  const secrets: string[] = []
  return {
    debug,
    secrets,
    deps: { env, debug: (m: string) => debug.push(m), setSecret: (s: string) => secrets.push(s) }
  }
}

describe('requestGitHubIdToken', () => {
  it('asks for the audience with the bearer token and masks the token it gets', async () => {
    const svc = await serve(200, JSON.stringify({ value: 'id.token.jwt' }))
    const url = `${svc.origin}/token?api-version=2.0`
    const d = deps({ ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-tok' })
    await expect(requestGitHubIdToken('api://AzureADTokenExchange', d.deps)).resolves.toBe(
      'id.token.jwt'
    )
    expect(svc.seen).toHaveLength(1)
    expect(svc.seen[0].url).toBe('/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange')
    expect(svc.seen[0].headers.authorization).toBe('Bearer req-tok')
    expect(svc.seen[0].headers.accept).toBe('application/json')
    expect(d.secrets).toEqual(['id.token.jwt'])
    expect(d.debug).toEqual([`ID token url is ${url}&audience=api%3A%2F%2FAzureADTokenExchange`])
  })

  it("words a refusal as core.getIDToken does (the cache reads 'Error Code : 503')", async () => {
    const svc = await serve(503, JSON.stringify({ message: 'service unavailable' }))
    const d = deps({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${svc.origin}/t?x=1`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r'
    })
    await expect(requestGitHubIdToken('aud', d.deps)).rejects.toThrow(
      'Error message: Failed to get ID Token. \n \n        Error Code : 503\n \n        Error Message: service unavailable'
    )
    const plain = await serve(403, '')
    const d2 = deps({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${plain.origin}/t?x=1`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r'
    })
    await expect(requestGitHubIdToken('aud', d2.deps)).rejects.toThrow(
      'Error Code : 403\n \n        Error Message: Failed request: (403)'
    )
  })

  it('says so when the answer has no token, and when the runner offers none', async () => {
    const svc = await serve(200, JSON.stringify({ other: 1 }))
    const d = deps({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${svc.origin}/t?x=1`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r'
    })
    await expect(requestGitHubIdToken('aud', d.deps)).rejects.toThrow(
      'Error message: Response json body do not have ID Token field'
    )
    await expect(requestGitHubIdToken('aud', deps({}).deps)).rejects.toThrow(
      'Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'
    )
    await expect(
      requestGitHubIdToken('aud', deps({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x.test/?a' }).deps)
    ).rejects.toThrow('Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable')
    expect(svc.seen).toHaveLength(1)
  })

  it('goes through the proxy the environment names, as @actions/http-client did', async () => {
    const proxy = await serve(200, JSON.stringify({ value: 'via-proxy' }))
    const target = 'http://token.service.test/t?api-version=2.0'
    const d = deps({
      ACTIONS_ID_TOKEN_REQUEST_URL: target,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r',
      HTTP_PROXY: proxy.origin
    })
    await expect(requestGitHubIdToken('aud', d.deps)).resolves.toBe('via-proxy')
    // A forward proxy receives the absolute URL.
    expect(proxy.seen.map((s) => s.url)).toEqual([`${target}&audience=aud`])
  })
})
