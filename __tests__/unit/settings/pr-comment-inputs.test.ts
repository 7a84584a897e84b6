import { describe, expect, it } from 'vitest'
import { InputReader } from '../../../src/settings/input-reader.js'
import { readPrComment } from '../../../src/settings/pr-comment-inputs.js'
import { runnerInputs } from '../../helpers/inputs.js'

const reader = (inputs: Record<string, string>) => new InputReader(runnerInputs(inputs))
const env = {
  GITHUB_REPOSITORY: 'contoso/landing-zone',
  GITHUB_API_URL: 'https://ghes.contoso.com/api/v3/',
  GITHUB_EVENT_PATH: '/event.json',
  GITHUB_SERVER_URL: 'https://ghes.contoso.com',
  GITHUB_RUN_ID: '42',
  GITHUB_WORKFLOW: 'what-if'
}
const files: Record<string, string> = {
  '/event.json': JSON.stringify({ action: 'synchronize', pull_request: { number: 7 } }),
  '/push.json': JSON.stringify({ ref: 'refs/heads/main' })
}
const deps = (e: Record<string, string> = env) => ({
  env: e,
  readFile: (p: string) => {
    const text = files[p]
    if (text === undefined) throw new Error('ENOENT')
    return text
  }
})

describe('readPrComment', () => {
  it('is off unless asked for', () => {
    expect(readPrComment(reader({}), 'whatIf', 'x', deps())).toBeUndefined()
  })

  it('reads the pull request, GITHUB_API_URL and the repository from the runner', () => {
    const s = readPrComment(
      reader({ 'comment-on-pr': 'true', 'github-token': 'ghs_t' }),
      'whatIf',
      'rg main.bicep',
      deps()
    )
    expect(s).toEqual({
      token: 'ghs_t',
      apiUrl: 'https://ghes.contoso.com/api/v3',
      owner: 'contoso',
      repo: 'landing-zone',
      pullNumber: 7,
      key: expect.stringMatching(/^[0-9a-f]{16}$/),
      runUrl: 'https://ghes.contoso.com/contoso/landing-zone/actions/runs/42'
    })
    // Another scope or template is another comment.
    const other = readPrComment(
      reader({ 'comment-on-pr': 'true', 'github-token': 'ghs_t' }),
      'whatIf',
      'rg other.bicep',
      deps()
    )
    expect(other?.key).not.toBe(s?.key)
  })

  it('has no pull request on a push', () => {
    const s = readPrComment(
      reader({ 'comment-on-pr': 'true', 'github-token': 'ghs_t' }),
      'whatIf',
      'x',
      deps({ ...env, GITHUB_EVENT_PATH: '/push.json' })
    )
    expect(s?.pullNumber).toBeUndefined()
  })

  it('refuses it for an operation that has no what-if result, and without a token', () => {
    expect(() =>
      readPrComment(reader({ 'comment-on-pr': 'true', 'github-token': 't' }), 'create', 'x', deps())
    ).toThrow(
      "Input 'comment-on-pr' is true, but operation is 'create': expected operation whatIf (the comment is the what-if result), or leave 'comment-on-pr' out."
    )
    expect(() =>
      readPrComment(reader({ 'comment-on-pr': 'true', 'github-token': '' }), 'whatIf', 'x', deps())
    ).toThrow(
      /^Input 'github-token' is required with 'comment-on-pr: true': expected a GitHub token/
    )
  })
})
