// comment-on-pr against the emulator's GitHub REST API (GITHUB_API_URL, as on GHES): the first
// what-if run posts one comment on the pull request, the next run updates that same comment, and
// a GITHUB_TOKEN without `pull-requests: write` gives a warning naming it while the step succeeds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const GROUP = 'rg-pr-comment'
const MARKER = /^<!-- durable-arm-deploy:what-if:[0-9a-f]{16} -->\n/

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })
const dir = mkdtempSync(join(tmpdir(), 'pr-comment-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A what-if run for pull request `pr`, as the runner starts a job on a pull_request event. */
function whatIf(e: StartedEmulator, pr: number, token: string, extra: Record<string, string> = {}) {
  const event = join(dir, `event-${pr}.json`)
  writeFileSync(
    event,
    JSON.stringify({ action: 'synchronize', number: pr, pull_request: { number: pr } })
  )
  return runAction({
    emulator: e,
    inputs: {
      ...secretInputs(e),
      'resource-group-name': GROUP,
      'template-file': '__tests__/fixtures/e2e/late-failure.json',
      operation: 'whatIf',
      'comment-on-pr': 'true',
      'github-token': token,
      ...extra
    },
    env: {
      GITHUB_API_URL: e.info.githubApiUrl,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event
    },
    secrets: [token]
  })
}

describe('comment-on-pr', () => {
  it('posts the what-if result as one comment, then updates that same comment', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
    const first = await whatIf(e, 12, e.info.githubToken)
    expect(first.exitCode, first.stdout).toBe(0)
    const [posted, ...more] = e.githubComments()
    expect(more).toEqual([])
    expect(posted?.issueNumber).toBe(12)
    expect(posted?.body).toMatch(MARKER)
    expect(posted?.body).toContain('What-if for deployment')
    expect(posted?.body).toContain('12 to create')
    expect(first.stdout).toMatch(
      /Commented the what-if result on pull request #12: https:\/\/github\.com\/contoso\/landing-zone\/pull\/12#issuecomment-\d+/
    )

    // The next push: the same step edits its comment (here the result differs by an exclusion).
    const second = await whatIf(e, 12, e.info.githubToken, {
      'what-if-exclude-change-types': 'Create'
    })
    expect(second.exitCode, second.stdout).toBe(0)
    const after = e.githubComments()
    expect(after).toHaveLength(1)
    expect(after[0]?.id).toBe(posted?.id)
    expect(after[0]?.body).toContain('Not shown: Create')
    expect(after[0]?.body).toMatch(MARKER)
    expect(second.stdout).toContain('Updated the what-if comment on pull request #12')
    expect(second.warnings).toEqual([])
  })

  it('without pull-requests: write: a warning naming the permission, and the step succeeds', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
    const before = e.githubComments().length
    const run = await whatIf(e, 13, e.info.githubReadOnlyToken)
    expect(run.exitCode, run.stdout).toBe(0)
    expect(e.githubComments()).toHaveLength(before)
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^Could not comment the what-if result on pull request #13: GitHub answered 403 \(Resource not accessible by integration.*\)\. The token needs 'pull-requests: write'/
      )
    ])
    // The result is still where it always is.
    expect(run.summary).toContain('What-if for deployment')
    expect(run.outputs['what-if-changes']).toContain('"Create":12')
  })
})
