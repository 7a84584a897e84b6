// `comment-on-pr`: the what-if result as one pull-request comment, found again on the next run by
// a hidden marker and updated in place, so a pull request carries one current result per what-if
// step instead of a comment per push. The client is @octokit/core, loaded on demand: a run that
// does not comment does not load it. Failing to comment is a warning: the result is in the job
// summary, and a missing `pull-requests: write` must not fail a what-if that worked.

import type { Logger } from '../runtime/ports.js'
import type { PrCommentSettings } from '../settings/settings.js'
import { Inputs } from '../runtime/names.js'

/** GitHub refuses comment bodies longer than this. */
export const MAX_COMMENT_CHARS = 65_536

/** The comment API the poster needs: issue comments (a pull request is an issue). */
export interface CommentApi {
  list(issue: number): Promise<Array<{ id: number | bigint; body?: string | null }>>
  create(issue: number, body: string): Promise<{ id: number | bigint; html_url?: string }>
  update(id: number | bigint, body: string): Promise<{ id: number | bigint; html_url?: string }>
}

export function commentMarker(key: string): string {
  return `<!-- durable-arm-deploy:what-if:${key} -->`
}

/** The comment's body: the marker, the result, and a footer linking the run; within GitHub's size. */
export function commentBody(markdown: string, s: PrCommentSettings): string {
  const marker = commentMarker(s.key)
  const footer = s.runUrl ? `\n---\n<sub>From [this workflow run](${s.runUrl}).</sub>\n` : ''
  const room = MAX_COMMENT_CHARS - marker.length - footer.length - 200
  const text =
    markdown.length > room
      ? `${markdown.slice(0, room)}\n\n_…cut short: GitHub keeps ${MAX_COMMENT_CHARS} characters in a comment. The whole result is in the run's job summary._\n`
      : markdown
  return `${marker}\n${text}${footer}`
}

/** Posts the comment, or updates this step's earlier one. Never throws: a failure is a warning. */
export async function postPrComment(
  markdown: string,
  s: PrCommentSettings,
  deps: { logger: Logger; api?: CommentApi }
): Promise<void> {
  const { logger } = deps
  if (s.pullNumber === undefined) {
    logger.info(
      `Input '${Inputs.CommentOnPr}' is true, but this run is not for a pull request: no comment (the result is in the job summary).`
    )
    return
  }
  const where = `pull request #${s.pullNumber}`
  try {
    const api = deps.api ?? (await octokitCommentApi(s))
    const body = commentBody(markdown, s)
    const marker = commentMarker(s.key)
    const earlier = (await api.list(s.pullNumber)).find((c) => c.body?.includes(marker))
    const posted = earlier
      ? await api.update(earlier.id, body)
      : await api.create(s.pullNumber, body)
    logger.info(
      `${earlier ? 'Updated the what-if comment on' : 'Commented the what-if result on'} ${where}${posted.html_url ? `: ${posted.html_url}` : ''}`
    )
  } catch (error) {
    logger.warning(commentFailure(error, where), { title: 'No pull-request comment' })
  }
}

/** Why the comment could not be posted, and what to do about a missing permission. */
export function commentFailure(error: unknown, where: string): string {
  const status = (error as { status?: unknown }).status
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
  const lead = `Could not comment the what-if result on ${where}`
  if (status === 403 || status === 404) {
    return `${lead}: GitHub answered ${status} (${message}). The token needs 'pull-requests: write': add it under the job's 'permissions:' (or pass a token that has it as '${Inputs.GithubToken}'). The what-if result is in the job summary; the step goes on.`
  }
  return `${lead}: ${typeof status === 'number' ? `GitHub answered ${status} (${message})` : message}. The what-if result is in the job summary; the step goes on.`
}

/**
 * Octokit's core with its paginate plugin, the two parts of @actions/github this needs. Why not
 * @actions/github itself: its entry statically imports undici (430 kB minified, a third of the
 * bundle) only for a proxy-aware fetch, which Node 24 has built in (`withEnvProxy`).
 */
async function octokitCommentApi(s: PrCommentSettings): Promise<CommentApi> {
  const [{ Octokit }, { paginateRest }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-paginate-rest')
  ])
  const octokit = new (Octokit.plugin(paginateRest))({
    auth: s.token,
    baseUrl: s.apiUrl,
    userAgent: 'durable-arm-deploy'
  })
  const repo = { owner: s.owner, repo: s.repo }
  return {
    list: (issue) =>
      withEnvProxy(() =>
        octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repo,
          issue_number: issue,
          per_page: 100
        })
      ),
    create: (issue, body) =>
      withEnvProxy(
        async () =>
          (
            await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
              ...repo,
              issue_number: issue,
              body
            })
          ).data
      ),
    update: (id, body) =>
      withEnvProxy(
        async () =>
          (
            await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
              ...repo,
              comment_id: id,
              body
            })
          ).data
      )
  }
}

/**
 * Runs `call` with fetch going through the runner's proxy (`HTTPS_PROXY`, `NO_PROXY`), as
 * @actions/github's client would, then puts Node's global agents back. Node reads those variables
 * for fetch only when started with `NODE_USE_ENV_PROXY`, which an action cannot set.
 */
export async function withEnvProxy<T>(
  call: () => Promise<T>,
  env = process.env,
  /** Node's setter (24.14 and later); undefined on an older Node 24. A parameter for the tests. */
  setProxy?: ((env: NodeJS.ProcessEnv) => () => void) | null
): Promise<T> {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k])
  if (!proxied) return call()
  const setter =
    setProxy === undefined
      ? (await import('node:http')).setGlobalProxyFromEnv
      : (setProxy ?? undefined)
  if (typeof setter !== 'function') {
    // An older Node 24 runner: try without the proxy, and if that fails, say why.
    try {
      return await call()
    } catch (error) {
      const said = error instanceof Error ? error.message : String(error)
      throw new Error(
        `${said} (the runner sets a proxy, and Node ${process.version} cannot send this request through it: Node 24.14 or later can)`,
        { cause: error }
      )
    }
  }
  const restore = setter(env)
  try {
    return await call()
  } finally {
    restore()
  }
}
