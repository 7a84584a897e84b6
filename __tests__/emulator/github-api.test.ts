// GitHub's REST API for pull-request comments, driven by Octokit (@octokit/core with its paginate
// plugin) as the action does (baseUrl = GITHUB_API_URL), with every request and response held to
// the schemas translated from GitHub's REST OpenAPI description.
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { describe, expect, it } from 'vitest'
import { validateGithubLog } from '../../emulator/schemas/validate-log.js'
import type { RequestLogEntry } from '../../emulator/src/index.js'
import { useEmulator } from '../helpers/emulator.js'

const emulator = useEmulator()

const PagingOctokit = Octokit.plugin(paginateRest)
const octokit = (token = emulator().info.githubToken) =>
  new PagingOctokit({ auth: token, baseUrl: emulator().info.githubApiUrl })
const LIST = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments'
const CREATE = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
const UPDATE = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}'
const repo = () => {
  const [owner, name] = emulator().info.githubRepository.split('/')
  return { owner, repo: name }
}
const githubLog = () =>
  emulator()
    .requestLog()
    .filter((e) => e.service === 'github')

describe('GitHub issue comments through Octokit', () => {
  it('creates, lists and updates a pull-request comment; the admin endpoint reads it back', async () => {
    const created = await octokit().request(CREATE, {
      ...repo(),
      issue_number: 7,
      body: '## What-if\n\n3 to create'
    })
    expect(created.status).toBe(201)
    expect(created.headers.location).toBe(created.data.url)
    expect(created.data).toMatchObject({
      body: '## What-if\n\n3 to create',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      author_association: 'NONE',
      issue_url: `${emulator().info.githubApiUrl}/repos/contoso/landing-zone/issues/7`,
      html_url: `https://github.com/contoso/landing-zone/pull/7#issuecomment-${created.data.id}`
    })

    const listed = await octokit().request(LIST, { ...repo(), issue_number: 7 })
    expect(listed.data.map((c) => c.id)).toEqual([created.data.id])

    const updated = await octokit().request(UPDATE, {
      ...repo(),
      comment_id: created.data.id,
      body: '## What-if\n\n4 to create'
    })
    expect(updated.status).toBe(200)
    expect(updated.data.body).toBe('## What-if\n\n4 to create')

    expect(emulator().githubComments()).toEqual([
      expect.objectContaining({
        id: created.data.id,
        issueNumber: 7,
        body: '## What-if\n\n4 to create'
      })
    ])
    const admin = await fetch(`${emulator().info.adminUrl}/github/comments`, {
      headers: { authorization: `Bearer ${emulator().info.adminKey}` }
    })
    expect(await admin.json()).toEqual(emulator().githubComments())
    expect(
      githubLog()
        .slice(-3)
        .map((e) => [e.method, e.status, e.responseType])
    ).toEqual([
      ['POST', 201, 'issue-comment'],
      ['GET', 200, 'issue-comment-list'],
      ['PATCH', 200, 'issue-comment']
    ])
  })

  it('pages with Link headers, as octokit.paginate follows them', async () => {
    for (const n of [1, 2, 3]) {
      await octokit().request(CREATE, { ...repo(), issue_number: 9, body: `c${n}` })
    }
    const first = await octokit().request(LIST, {
      ...repo(),
      issue_number: 9,
      per_page: 2
    })
    expect(first.data).toHaveLength(2)
    expect(first.headers.link).toMatch(/page=2>; rel="next"/)
    const all = await octokit().paginate(LIST, {
      ...repo(),
      issue_number: 9,
      per_page: 2
    })
    expect(all.map((c) => c.body)).toEqual(['c1', 'c2', 'c3'])
  })

  it('a token without pull-requests: write gets 403 "Resource not accessible by integration"', async () => {
    const readOnly = octokit(emulator().info.githubReadOnlyToken)
    await expect(
      readOnly.request(CREATE, { ...repo(), issue_number: 7, body: 'x' })
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
    const id = emulator().githubComments()[0].id
    await expect(
      readOnly.request(UPDATE, { ...repo(), comment_id: id, body: 'x' })
    ).rejects.toMatchObject({ status: 403 })
    // Reading is allowed.
    expect((await readOnly.request(LIST, { ...repo(), issue_number: 7 })).status).toBe(200)
    expect(githubLog().filter((e) => e.status === 403)).toHaveLength(2)
  })

  it('refuses a bad token, another repository, an unknown comment and an over-long body', async () => {
    await expect(
      octokit('ghs_not-a-token').request(LIST, { ...repo(), issue_number: 7 })
    ).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') })
    await expect(
      octokit().request(LIST, { owner: 'contoso', repo: 'other', issue_number: 7 })
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      octokit().request(UPDATE, { ...repo(), comment_id: 1, body: 'x' })
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      octokit().request(CREATE, {
        ...repo(),
        issue_number: 7,
        body: 'x'.repeat(65537)
      })
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)'
            }
          ]
        }
      }
    })
  })

  it('the whole log so far matches GitHub’s schemas; the gate catches a wrong shape', () => {
    expect(validateGithubLog(emulator().requestLog())).toEqual([])
    const good = githubLog().find((e) => e.responseType === 'issue-comment') as RequestLogEntry
    const planted: RequestLogEntry[] = [
      { ...good, seq: 900, responseBody: { ...(good.responseBody as object), invented: 1 } },
      { ...good, seq: 901, requestBody: { text: 'no body field' } },
      { ...good, seq: 902, responseType: undefined }
    ]
    expect(validateGithubLog(planted).map((v) => [v.seq, v.responseType])).toEqual([
      [900, 'issue-comment'],
      [901, 'comment-request'],
      [902, '']
    ])
  })
})
