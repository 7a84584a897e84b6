import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { idTokenRequester } from '../../../src/runtime/id-token-request.js'

let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
})

/** An OIDC endpoint answering each request with the next scripted reply ('hang': never). */
async function endpoint(replies: Array<[number, object] | 'hang'>) {
  const seen: Array<{ url: string; auth: string | undefined }> = []
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization })
    const reply = replies.shift() ?? [500, {}]
    if (reply === 'hang') return
    res.writeHead(reply[0], { 'content-type': 'application/json' }).end(JSON.stringify(reply[1]))
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  return { seen, env }
}

describe('idTokenRequester', () => {
  it('asks once with the audience and the request token, and registers the token as a secret', async () => {
    const { seen, env } = await endpoint([[200, { value: 'eyJ.id.token' }]])
    const secrets: string[] = []
    const mint = idTokenRequester({ env, setSecret: (v) => secrets.push(v) })
    await expect(mint('api://AzureADTokenExchange')).resolves.toBe('eyJ.id.token')
    expect(seen).toEqual([
      {
        url: '/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
        auth: 'Bearer request-token'
      }
    ])
    expect(secrets).toEqual(['eyJ.id.token'])
  })

  it('a 5xx is one failed attempt in core’s words, not ten silent ones', async () => {
    const { seen, env } = await endpoint([
      [503, { message: 'busy' }],
      [200, { value: 'x' }]
    ])
    const mint = idTokenRequester({ env, setSecret: () => {} })
    await expect(mint('aud')).rejects.toThrow(
      'Failed to get ID Token. Error Code : 503 Error Message: {"message":"busy"}'
    )
    expect(seen).toHaveLength(1)
  })

  it('an endpoint that never answers is given up on after the deadline', async () => {
    const { env } = await endpoint(['hang'])
    const mint = idTokenRequester({ env, timeoutMs: 200, setSecret: () => {} })
    await expect(mint('aud')).rejects.toThrow(/^Failed to get ID Token: .*(timeout|aborted)/i)
  })

  it('without the runner’s variables it says what core says (no id-token permission)', async () => {
    const mint = idTokenRequester({ env: {}, setSecret: () => {} })
    await expect(mint('aud')).rejects.toThrow(
      'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'
    )
  })
})
