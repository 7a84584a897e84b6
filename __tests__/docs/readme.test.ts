// The README is part of the product: its two commands must work and be the ones CI runs, its
// quickstart must be a workflow a user can commit, and its inputs and outputs tables must say
// exactly what action.yml declares. The guides in docs/ are held to the same inputs and links.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'
import {
  inputsTable,
  outputsTable,
  readActionYml,
  rowCells,
  tableAfter,
  withTables
} from '../../scripts/lib/readme-tables.js'

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
const action = readActionYml()
const scripts = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts
const HINT =
  'regenerate the tables with: npx tsx scripts/lib/readme-tables.ts --write && npx prettier --write README.md'

/** docs/*.md, by path from the repository root. */
const guides = readdirSync(join(REPO_ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`)
const markdown: Array<[string, string]> = [
  ['README.md', readme],
  ...guides.map((f): [string, string] => [f, readFileSync(join(REPO_ROOT, f), 'utf8')])
]

const rows = (table: string) =>
  table
    .split('\n')
    .filter((l) => !/^\|[\s:|-]+\|$/.test(l))
    .map(rowCells)

describe('README', () => {
  it('starts with exactly two commands: the demo and the tests', () => {
    const [fence, demo, test, close] = readme.split('\n')
    expect(fence).toMatch(/^```(sh|bash|shell)?$/)
    expect(demo).toBe('npm ci && npm run demo')
    expect(test).toBe('npm ci && npm test')
    expect(close).toBe('```')
    expect(scripts.demo).toBeDefined()
    expect(scripts.test).toBeDefined()
  })

  it('names the test command that .ci/run runs', () => {
    const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
    const testCommand = readme.split('\n')[2].replace(/^npm ci && /, '')
    expect(ci).toContain(testCommand)
    expect(ci).toContain('npm ci --no-audit --no-fund')
  })

  it('has an inputs table identical to action.yml (names, defaults, descriptions)', () => {
    const table = tableAfter(readme, '## Inputs')
    expect(table, `no table under "## Inputs"; ${HINT}`).toBeDefined()
    expect(table, HINT).toEqual(rows(inputsTable(action)))
  })

  it('has an outputs table identical to action.yml', () => {
    const table = tableAfter(readme, '## Outputs')
    expect(table, `no table under "## Outputs"; ${HINT}`).toBeDefined()
    expect(table, HINT).toEqual(rows(outputsTable(action)))
  })

  it('can regenerate stale tables in place (the --write of scripts/lib/readme-tables.ts)', () => {
    const stale = {
      inputs: { ...action.inputs, 'new-input': { description: 'Added | later.', default: 'x' } },
      outputs: { only: { description: 'One output.' } }
    }
    const rewritten = withTables(readme, stale)
    expect(tableAfter(rewritten, '## Inputs')).toEqual(rows(inputsTable(stale)))
    expect(tableAfter(rewritten, '## Outputs')).toEqual([
      ['Output', 'Description'],
      ['`only`', 'One output.']
    ])
    // Everything around the tables stays.
    expect(rewritten.split('## Examples')[1]).toBe(readme.split('## Examples')[1])
    expect(withTables(rewritten, action).split('## Inputs')[0]).toBe(readme.split('## Inputs')[0])
  })

  it('links only to files that exist (README and docs/)', () => {
    for (const [file, text] of markdown) {
      for (const [, target] of text.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)) {
        const path = join(dirname(join(REPO_ROOT, file)), target)
        expect(existsSync(path), `${file} → ${target}`).toBe(true)
      }
    }
  })

  it('stays under 2,000 words and links the guides that hold the rest', () => {
    const words = readme.split(/\s+/).filter(Boolean).length
    expect(words, 'wc -w README.md').toBeLessThanOrEqual(2000)
    for (const guide of [
      'docs/behaviour-and-reliability.md',
      'docs/migrating.md',
      'docs/emulator.md',
      'docs/performance.md',
      'docs/development.md'
    ])
      expect(readme).toContain(`](${guide}`)
    // The picture of the summary is a real PNG.
    const [, image] = /!\[[^\]]*\]\(([^)]+\.png)\)/.exec(readme) ?? []
    expect(image, 'a PNG of the job summary').toBeDefined()
    expect(readFileSync(join(REPO_ROOT, image)).subarray(1, 4).toString()).toBe('PNG')
  })

  it('has a quickstart a user can commit: trigger, permissions, identity, roles, secrets', () => {
    const quickstart = readme.slice(
      readme.indexOf('## Quickstart'),
      readme.indexOf('\n## ', readme.indexOf('## Quickstart') + 1)
    )
    const [yaml] = [...quickstart.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1])
    const wf = parse(yaml) as Workflow
    expect(wf.on).toHaveProperty('push')
    expect(wf.permissions).toEqual({ 'id-token': 'write', contents: 'read' })
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? [])
    expect(steps.map((s) => s.uses)).toContain('actions/checkout@v5')
    const [deploy] = actionSteps(wf)
    expect(deploy.with).toMatchObject({
      'client-id': expect.any(String),
      'tenant-id': expect.any(String)
    })
    // Secrets go into the JSON through toJSON, which quotes and escapes them.
    expect(String(deploy.with?.parameters)).toMatch(/: \$\{\{ toJSON\(secrets\.\w+\) \}\}/)
    // The federated credential: the command, a branch subject and an environment subject.
    expect(quickstart).toContain('az ad app federated-credential create')
    expect(quickstart).toContain('repo:OWNER/REPO:ref:refs/heads/main')
    expect(quickstart).toContain('repo:OWNER/REPO:environment:prod')
    expect(quickstart).toMatch(/`environment:` changes the subject/)
    // Roles: Contributor, and one that can assign roles for templates that create assignments.
    expect(quickstart).toContain('--role Contributor')
    expect(quickstart).toContain('Role Based Access Control Administrator')
    // Private registry modules need a sign-in to restore.
    expect(quickstart).toMatch(/`br:`[\s\S]*sign-in/)
  })

  it('never interpolates a secret inside quotes (README, docs, examples)', () => {
    const examples = readdirSync(join(REPO_ROOT, 'examples', 'workflows')).map(
      (f): [string, string] => [
        f,
        readFileSync(join(REPO_ROOT, 'examples', 'workflows', f), 'utf8')
      ]
    )
    for (const [file, text] of [...markdown, ...examples]) {
      // `"${{ secrets.X }}"` breaks the JSON when the secret holds a quote; the README names it once
      // as what not to do, in prose.
      const code =
        file === 'README.md'
          ? text.replace(/^(?!```)[^\n]*`"\$\{\{ secrets\.X \}\}"`[^\n]*$/m, '')
          : text
      expect(code, file).not.toMatch(/"\$\{\{ *secrets\./)
    }
  })

  it('passes the action only declared inputs in its YAML snippets and in `input: value` prose', () => {
    const inputs = Object.keys(action.inputs)
    for (const [file, text] of markdown) {
      const fences = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1])
      if (file === 'README.md') expect(fences.length).toBeGreaterThan(0)
      for (const yaml of fences) {
        // A line marked `# round 2` names an input that the second round of issue 12 adds.
        const pending = [...yaml.matchAll(/^\s*([\w-]+):.*# round 2$/gm)].map((m) => m[1])
        for (const step of actionSteps(parse(yaml))) {
          for (const key of Object.keys(step.with ?? {}))
            expect([...inputs, ...pending], `${file} snippet: ${key}`).toContain(key)
        }
      }
    }
    // Prose outside code blocks: `name: value` is an input of ours, or a name the guides quote from
    // the other actions or from GitHub.
    const others = [
      'permissions',
      'uses',
      'type',
      'deploymentMode',
      'environment',
      'scope',
      'fail-fast',
      'max-parallel',
      'cancel-in-progress'
    ]
    for (const [file, text] of markdown) {
      const prose = text.replace(/^```[\s\S]*?^```$/gm, '')
      const keys = [...prose.matchAll(/`([A-Za-z][\w-]*): [^`]+`/g)].map((m) => m[1])
      if (file === 'README.md') expect(keys).toContain('operation')
      for (const key of keys)
        expect([...inputs, ...others], `${file}: \`${key}: …\``).toContain(key)
    }
  })

  it('lists example workflows that show what it says they show', () => {
    const dir = join(REPO_ROOT, 'examples', 'workflows')
    const wf = (name: string) => {
      expect(readme, `README links ${name}`).toContain(`(examples/workflows/${name})`)
      return parse(readFileSync(join(dir, name), 'utf8')) as Workflow
    }
    const withOf = (w: Workflow) => actionSteps(w).map((s) => s.with ?? {})

    const single = wf('deploy-single.yml')
    expect(single.permissions).toMatchObject({ 'id-token': 'write' })
    expect(withOf(single)).toHaveLength(1)

    // Hub first, then the spokes in a matrix, as a reusable workflow someone calls.
    const hub = wf('hub-and-spoke.yml')
    expect(hub.on).toHaveProperty('workflow_call')
    const spokes = Object.values(hub.jobs).find((j) => j.strategy?.matrix)
    expect(spokes?.needs).toBeDefined()
    expect(Object.keys(hub.jobs)).toContain(String(spokes?.needs))
    const caller = wf('deploy-network.yml')
    expect(Object.values(caller.jobs).map((j) => j.uses)).toContain(
      './.github/workflows/hub-and-spoke.yml'
    )

    // Start without waiting in one job, attach by that name in a job that needs it.
    const split = wf('start-and-attach.yml')
    const [start, attach] = withOf(split)
    expect(String(start.wait)).toBe('false')
    expect(attach.operation).toBe('attach')
    expect(String(attach.name)).toMatch(/needs\.start\.outputs\./)
    expect(attach['template-file']).toBeUndefined()

    // Pull requests report the predicted changes; failing them would fail every real change.
    const whatIf = wf('what-if-pr.yml')
    expect(whatIf.on).toHaveProperty('pull_request')
    expect(whatIf.permissions).toMatchObject({ 'id-token': 'write' })
    const [plan] = withOf(whatIf)
    expect(plan.operation).toBe('whatIf')
    expect([undefined, false, 'false']).toContain(plan['fail-on-changes'])

    // Drift: a scheduled what-if on main fails when Azure no longer matches the template.
    const drift = wf('drift.yml')
    expect(drift.on).toHaveProperty('schedule')
    expect(Object.values(drift.jobs).map((j) => j.if)).toContain("github.ref == 'refs/heads/main'")
    const [check] = withOf(drift)
    expect(check.operation).toBe('whatIf')
    expect(String(check['fail-on-changes'])).toBe('true')
  })
})

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on?: unknown
  permissions?: unknown
  jobs: Record<
    string,
    {
      steps?: Step[]
      uses?: string
      if?: string
      needs?: string | string[]
      strategy?: { matrix?: unknown }
    }
  >
}

/** Steps that use this action, in job order. */
function actionSteps(doc: unknown): Step[] {
  const jobs = (doc as Partial<Workflow> | undefined)?.jobs ?? {}
  return Object.values(jobs)
    .flatMap((j) => j.steps ?? [])
    .filter((s) => /durable-arm-deploy@|^\.\/$/.test(s.uses ?? ''))
}
