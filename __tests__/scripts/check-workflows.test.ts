// The workflow check must pass the repository's workflows and fail on what GitHub would refuse,
// including what plain YAML parsing accepts (a check that cannot fail is a defect). It runs the
// script as .ci/run does, through tsx: the parser imports its JSON schema without an import
// attribute, which tsx accepts and vitest's Node loader does not.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

const dir = mkdtempSync(join(tmpdir(), 'check-workflows-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(files: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'check-workflows.ts'), ...files],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 }
  )
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The problems reported for one fixture; the script must exit 1 for it. */
function check(name: string, content: string): string[] {
  const file = join(dir, name)
  writeFileSync(file, content)
  expect(() => parse(content), 'the fixture is valid YAML').not.toThrow()
  const r = run([file])
  expect(r.status, r.stderr).toBe(1)
  expect(r.stderr).toContain(`FAIL `)
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim())
}

const job = `    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`

describe('check-workflows', () => {
  it('passes every workflow and example workflow in the repository', () => {
    const r = run([])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const ok = r.stdout.split('\n').filter((l) => l.startsWith('ok '))
    expect(ok.length).toBeGreaterThan(8)
    expect(r.stdout).toMatch(/ok +\.github\/workflows\/ci\.yml/)
    expect(r.stdout).toMatch(/ok +examples\/workflows\/what-if-pr\.yml/)
  })

  it('reports keys, values and expressions GitHub refuses, with line and column', () => {
    const problems = check(
      'broken.yml',
      `on: push
permissions:
  id-token: writ
jobs:
  build:
    timeout-minutes: soon
${job}      - uses: actions/checkout@v5
        whith: { fetch-depth: 0 }
      - run: echo \${{ github.sha }
`
    )
    expect(problems).toEqual([
      expect.stringMatching(/broken\.yml \(Line: 3, Col: 13\): Unexpected value 'writ'/),
      expect.stringMatching(/\(Line: 6, Col: 22\): Unexpected value 'soon'/),
      expect.stringMatching(/\(Line: 11, Col: 9\): Unexpected value 'whith'/),
      expect.stringMatching(/\(Line: 12, Col: 14\): The expression is not closed/)
    ])
  })

  it('reports a workflow without a trigger', () => {
    const problems = check('no-on.yml', `jobs:\n  build:\n${job}`)
    expect(problems.join('\n')).toMatch(/Required property is missing: on/)
  })

  it('reports jobs that need a job that does not exist', () => {
    const problems = check(
      'needs.yml',
      `on: push\njobs:\n  build:\n${job}  deploy:\n    needs: biuld\n${job}`
    )
    expect(problems.join('\n')).toMatch(/deploy.*depends on unknown job 'biuld'/)
  })

  it('reports a call to a local reusable workflow with inputs it does not declare', () => {
    writeFileSync(
      join(dir, 'hub.yml'),
      `on:\n  workflow_call:\n    inputs:\n      environment: { type: string, required: true }\njobs:\n  hub:\n${job}`
    )
    const problems = check(
      'caller.yml',
      `on: push\njobs:\n  call:\n    uses: ./.github/workflows/hub.yml\n    with:\n      enviroment: prod\n`
    )
    expect(problems).toEqual([
      expect.stringMatching(/Input environment is required, but not provided while calling/),
      expect.stringMatching(/Invalid input, enviroment is not defined in the referenced workflow/)
    ])
  })
})
