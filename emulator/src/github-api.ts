// GitHub's REST API, the few operations a pull-request comment needs (issues/list-comments,
// issues/create-comment, issues/update-comment), at `<base>/api/v3` as on GitHub Enterprise
// Server, so GITHUB_API_URL points the action's Octokit here. Wire shapes follow GitHub's REST
// OpenAPI description (schemas/github-issue-comments.schema.json). Tokens are the emulator's
// GITHUB_TOKENs: one with `pull-requests: write`, one without, which GitHub refuses with 403
// "Resource not accessible by integration".
import { randomBytes } from 'node:crypto'
import { json, type Reply } from './http-reply.js'
import { GITHUB_REPOSITORY, safeEqual } from './identity.js'
import type { EmulatorClock } from './types.js'

export const GITHUB_API_PREFIX = '/api/v3'
/** GitHub's comment size limit. */
const MAX_BODY = 65536
const DOCS = 'https://docs.github.com/rest/issues/comments'

export interface GithubComment {
  id: number
  issueNumber: number
  body: string
  createdAt: string
  updatedAt: string
}

export interface GithubApi {
  /** GITHUB_TOKEN with `issues: write` and `pull-requests: write`. */
  token: string
  /** GITHUB_TOKEN with `pull-requests: read` only (a workflow without `pull-requests: write`). */
  readOnlyToken: string
  comments: GithubComment[]
}

export interface GithubApiDeps {
  baseUrl: string
  clock: EmulatorClock
  github: GithubApi
}

export function createGithubApi(): GithubApi {
  // ghs_ is the prefix of the installation tokens GitHub hands a job as GITHUB_TOKEN.
  const token = () => `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x')}`
  return { token: token(), readOnlyToken: token(), comments: [] }
}

export const githubApiUrl = (baseUrl: string) => `${baseUrl}${GITHUB_API_PREFIX}`

export function isGithubApiPath(pathname: string): boolean {
  return pathname.toLowerCase().startsWith(`${GITHUB_API_PREFIX}/`)
}

/** The github-actions[bot] user GITHUB_TOKEN comments are posted as (a nullable-simple-user). */
function actionsBot(api: string): Record<string, unknown> {
  const url = `${api}/users/github-actions%5Bbot%5D`
  return {
    login: 'github-actions[bot]',
    id: 41898282,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    gravatar_id: '',
    url,
    html_url: 'https://github.com/apps/github-actions',
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Bot',
    user_view_type: 'public',
    site_admin: false
  }
}

function wire(deps: GithubApiDeps, c: GithubComment): Record<string, unknown> {
  const api = githubApiUrl(deps.baseUrl)
  const repo = `${api}/repos/${GITHUB_REPOSITORY}`
  return {
    url: `${repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${GITHUB_REPOSITORY}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repo}/issues/${c.issueNumber}`,
    id: c.id,
    node_id: `IC_kwDO${Buffer.from(String(c.id)).toString('base64url')}`,
    user: actionsBot(api),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE',
    body: c.body,
    reactions: {
      url: `${repo}/issues/comments/${c.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0
    },
    performed_via_github_app: null
  }
}

const ROUTES = {
  comments: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/i,
  comment: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/i
}

export function handleGithubApi(
  deps: GithubApiDeps,
  method: string,
  url: URL,
  authorization: string | undefined,
  body: unknown
): Reply {
  const basic = (status: number, message: string, anchor: string) =>
    reply(
      json(status, { message, documentation_url: `${DOCS}#${anchor}`, status: String(status) }),
      'basic-error',
      message
    )
  const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? ''
  const { github } = deps
  const canWrite = safeEqual(presented, github.token)
  if (!canWrite && !safeEqual(presented, github.readOnlyToken)) {
    return reply(
      json(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401'
      }),
      'basic-error',
      'Bad credentials'
    )
  }
  const list = ROUTES.comments.exec(url.pathname)
  const one = ROUTES.comment.exec(url.pathname)
  const [owner, repo] = (list ?? one ?? []).slice(1, 3)
  if ((!list && !one) || `${owner}/${repo}`.toLowerCase() !== GITHUB_REPOSITORY) {
    return basic(404, 'Not Found', 'list-issue-comments')
  }
  const now = new Date(deps.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')
  if (list && method === 'GET') {
    const issue = Number(list[3])
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30))
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    const all = github.comments.filter((c) => c.issueNumber === issue)
    const items = all.slice((page - 1) * perPage, page * perPage).map((c) => wire(deps, c))
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const link = (p: number, rel: string) => {
      const next = new URL(url)
      next.searchParams.set('per_page', String(perPage))
      next.searchParams.set('page', String(p))
      return `<${deps.baseUrl}${next.pathname}${next.search}>; rel="${rel}"`
    }
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : [])
    ]
    return {
      ...reply(json(200, items), 'issue-comment-list'),
      headers: links.length > 0 ? { link: links.join(', ') } : {}
    }
  }
  if ((list && method === 'POST') || (one && method === 'PATCH')) {
    if (!canWrite) {
      return basic(
        403,
        'Resource not accessible by integration',
        list ? 'create-an-issue-comment' : 'update-an-issue-comment'
      )
    }
    const text = (body as { body?: unknown } | undefined)?.body
    const invalid = validationError(
      text,
      list ? 'create-an-issue-comment' : 'update-an-issue-comment'
    )
    if (invalid) return invalid
    if (list) {
      const comment: GithubComment = {
        id: 1_000_000_000 + github.comments.length + 1,
        issueNumber: Number(list[3]),
        body: text as string,
        createdAt: now,
        updatedAt: now
      }
      github.comments.push(comment)
      const created = wire(deps, comment)
      return {
        ...reply(json(201, created), 'issue-comment'),
        headers: { location: created.url as string }
      }
    }
    const comment = github.comments.find((c) => c.id === Number(one?.[3]))
    if (!comment) return basic(404, 'Not Found', 'update-an-issue-comment')
    comment.body = text as string
    comment.updatedAt = now
    return reply(json(200, wire(deps, comment)), 'issue-comment')
  }
  return basic(404, 'Not Found', 'list-issue-comments')
}

/** GitHub's 422 for a comment body that is missing, not a string, or over 65,536 characters. */
function validationError(text: unknown, anchor: string): Reply | undefined {
  const fail = (code: string, message?: string) =>
    reply(
      json(422, {
        message: 'Validation Failed',
        errors: [
          { resource: 'IssueComment', code, field: 'body', ...(message ? { message } : {}) }
        ],
        documentation_url: `${DOCS}#${anchor}`,
        status: '422'
      }),
      'validation-error',
      'Validation Failed'
    )
  if (text === undefined) return fail('missing_field')
  if (typeof text !== 'string') return fail('invalid')
  if (text.length > MAX_BODY) {
    return fail('custom', `body is too long (maximum is ${MAX_BODY} characters)`)
  }
  return undefined
}

function reply(r: Reply, responseType: string, errorCode?: string): Reply {
  return {
    ...r,
    log: { ...r.log, responseType, responseBody: r.body, ...(errorCode ? { errorCode } : {}) }
  }
}
