// `comment-on-pr` and `github-token`: where the what-if comment goes, from the inputs and the
// runner's GITHUB_* variables (GITHUB_API_URL, so it works on GitHub Enterprise Server too).

import { createHash } from 'node:crypto'
import { Inputs } from '../runtime/names.js'
import type { InputReader } from './input-reader.js'
import { InputError } from '../errors.js'
import type { PrCommentSettings, Settings } from './settings.js'

export interface PrCommentInputDeps {
  env: Record<string, string | undefined>
  readFile: (path: string) => string
}

export function readPrComment(
  inputs: InputReader,
  operation: Settings['operation'],
  /** What tells this step's comment apart: the scope id and template of the what-if. */
  identity: string,
  deps: PrCommentInputDeps
): PrCommentSettings | undefined {
  if (!inputs.boolean(Inputs.CommentOnPr)) return undefined
  if (operation !== 'whatIf') {
    throw new InputError(
      Inputs.CommentOnPr,
      `Input '${Inputs.CommentOnPr}' is true, but operation is '${operation}': expected operation whatIf (the comment is the what-if result), or leave '${Inputs.CommentOnPr}' out.`
    )
  }
  const token = inputs.required(
    Inputs.GithubToken,
    "a GitHub token with 'pull-requests: write' (the default, the job's GITHUB_TOKEN, is that with 'permissions: pull-requests: write')",
    ` with '${Inputs.CommentOnPr}: true'`
  )
  const { env } = deps
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) {
    throw new InputError(
      Inputs.CommentOnPr,
      `Input '${Inputs.CommentOnPr}' is true, but GITHUB_REPOSITORY is not set: expected to run in a GitHub Actions job.`
    )
  }
  const pullNumber = pullRequestNumber(env.GITHUB_EVENT_PATH, deps.readFile)
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  return {
    token,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    owner,
    repo,
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    key: createHash('sha256')
      .update(`${env.GITHUB_WORKFLOW ?? ''}\n${identity}`)
      .digest('hex')
      .slice(0, 16),
    ...(runUrl ? { runUrl } : {})
  }
}

/** The pull request of a pull_request / pull_request_target (or issue_comment on a PR) event. */
function pullRequestNumber(
  eventPath: string | undefined,
  readFile: (path: string) => string
): number | undefined {
  if (!eventPath) return undefined
  let event: unknown
  try {
    event = JSON.parse(readFile(eventPath))
  } catch {
    return undefined
  }
  const e = event as {
    pull_request?: { number?: unknown }
    issue?: { number?: unknown; pull_request?: unknown }
  }
  const n = e.pull_request?.number ?? (e.issue?.pull_request ? e.issue.number : undefined)
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}
