import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  commentBody,
  commentMarker,
  MAX_COMMENT_CHARS,
  postPrComment,
  withEnvProxy,
  type CommentApi
} from '../../../src/report/pr-comment.js'
import type { PrCommentSettings } from '../../../src/settings/settings.js'
import { FakeLogger } from '../../helpers/fakes.js'

const settings: PrCommentSettings = {
  token: 'ghs_x',
  apiUrl: 'https://api.github.com',
  owner: 'contoso',
  repo: 'landing-zone',
  pullNumber: 7,
  key: 'abc123',
  runUrl: 'https://github.com/contoso/landing-zone/actions/runs/1'
}

/** Comments in memory, like GitHub's issue comments; `refuse` answers writes as GitHub does without the permission. */
function fakeApi(refuse = false) {
  const comments: Array<{ id: number; issue: number; body: string }> = []
  const forbidden = () =>
    Object.assign(new Error('Resource not accessible by integration'), { status: 403 })
  const api: CommentApi = {
    list: (issue) => Promise.resolve(comments.filter((c) => c.issue === issue)),
    create: (issue, body) => {
      if (refuse) return Promise.reject(forbidden())
      const c = { id: comments.length + 1, issue, body }
      comments.push(c)
      return Promise.resolve({ id: c.id, html_url: `https://github.com/pr/${issue}#${c.id}` })
    },
    update: (id, body) => {
      const c = comments.find((x) => x.id === id)
      if (!c) return Promise.reject(Object.assign(new Error('Not Found'), { status: 404 }))
      c.body = body
      return Promise.resolve({ id })
    }
  }
  return { api, comments }
}

describe('postPrComment', () => {
  it('posts once, then updates the same comment; another step keeps its own', async () => {
    const { api, comments } = fakeApi()
    comments.push({ id: 99, issue: 7, body: 'a reviewer’s comment' })
    const log = new FakeLogger()
    await postPrComment('## first', settings, { logger: log, api })
    await postPrComment('## second', settings, { logger: log, api })
    await postPrComment('## other step', { ...settings, key: 'def456' }, { logger: log, api })
    expect(comments.map((c) => c.body.split('\n').slice(0, 2).join(' '))).toEqual([
      'a reviewer’s comment',
      `${commentMarker('abc123')} ## second`,
      `${commentMarker('def456')} ## other step`
    ])
    expect(log.at('info')[0]).toBe(
      'Commented the what-if result on pull request #7: https://github.com/pr/7#2'
    )
    expect(log.at('info')[1]).toBe('Updated the what-if comment on pull request #7')
    expect(log.at('warning')).toEqual([])
  })

  it('warns, naming the permission, when GitHub refuses the comment', async () => {
    const { api } = fakeApi(true)
    const log = new FakeLogger()
    await postPrComment('## result', settings, { logger: log, api })
    expect(log.at('warning')).toEqual([
      "Could not comment the what-if result on pull request #7: GitHub answered 403 (Resource not accessible by integration). The token needs 'pull-requests: write': add it under the job's 'permissions:' (or pass a token that has it as 'github-token'). The what-if result is in the job summary; the step goes on."
    ])
  })

  it('does nothing but say so when the run is not for a pull request', async () => {
    const { api, comments } = fakeApi()
    const log = new FakeLogger()
    const { pullNumber: _, ...noPr } = settings
    await postPrComment('## result', noPr, { logger: log, api })
    expect(comments).toEqual([])
    expect(log.at('info')[0]).toMatch(/not for a pull request: no comment/)
  })
})

describe('commentBody', () => {
  it('keeps within GitHub’s size and says the rest is in the job summary', () => {
    const body = commentBody('x'.repeat(100_000), settings)
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body.startsWith(commentMarker('abc123'))).toBe(true)
    expect(body).toContain('The whole result is in the run')
    expect(body).toContain(
      '[this workflow run](https://github.com/contoso/landing-zone/actions/runs/1)'
    )
  })
})

describe('withEnvProxy', () => {
  async function listen(server: Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  /** A tunnelling proxy (CONNECT, as Node's proxy-aware fetch speaks) that notes each tunnel. */
  function tunnellingProxy(seen: string[]): Server {
    return createServer().on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      seen.push(req.url ?? '')
      const [host, port] = (req.url ?? '').split(':')
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client).on('error', () => client.destroy())
        client.pipe(upstream).on('error', () => upstream.destroy())
      })
      upstream.on('error', () => client.destroy())
    })
  }

  it('sends fetch through the runner’s proxy during the call, and only then', async () => {
    const seen: string[] = []
    const api = createServer((_req, res) => res.end('comments'))
    const proxy = tunnellingProxy(seen)
    try {
      const target = `http://127.0.0.1:${await listen(api)}/repos/contoso/landing-zone`
      const env = { HTTP_PROXY: `http://127.0.0.1:${await listen(proxy)}` }
      expect(await withEnvProxy(async () => (await fetch(target)).text(), env)).toBe('comments')
      expect(seen).toEqual([new URL(target).host])
      // Node's global agents are back: the same request goes direct.
      expect(await (await fetch(target)).text()).toBe('comments')
      expect(seen).toHaveLength(1)
    } finally {
      api.closeAllConnections()
      api.close()
      proxy.closeAllConnections()
      proxy.close()
    }
  })

  it('leaves the agents alone without proxy variables', async () => {
    expect(await withEnvProxy(() => Promise.resolve(42), {})).toBe(42)
  })

  it('on a Node 24 without the proxy setter, tries directly and says why when that fails', async () => {
    const env = { HTTPS_PROXY: 'http://proxy.contoso.example:3128' }
    expect(await withEnvProxy(() => Promise.resolve(42), env, null)).toBe(42)
    await expect(
      withEnvProxy(() => Promise.reject(new Error('fetch failed')), env, null)
    ).rejects.toThrow(
      /^fetch failed \(the runner sets a proxy, and Node v[\d.]+ cannot send this request through it: Node 24\.14 or later can\)$/
    )
  })
})
