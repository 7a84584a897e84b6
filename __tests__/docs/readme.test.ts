// The README is part of the product: its two commands must work and be the ones CI runs, and its
// inputs and outputs tables must say exactly what action.yml declares.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'
import {
  inputsTable,
  outputsTable,
  readActionYml,
  rowCells,
  tableAfter
} from '../../scripts/lib/readme-tables.js'

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
const action = readActionYml()
const scripts = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts
const HINT = 'regenerate the tables with: npx tsx scripts/lib/readme-tables.ts'

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

  it('links only to files that exist', () => {
    for (const [, target] of readme.matchAll(/\]\((?!https?:|#)([^)#\s]+)/g)) {
      expect(existsSync(join(REPO_ROOT, target)), target).toBe(true)
    }
  })

  it('passes the action only declared inputs in its YAML snippets and in `input: value` prose', () => {
    const inputs = Object.keys(action.inputs)
    const fences = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1])
    expect(fences.length).toBeGreaterThan(0)
    for (const yaml of fences) {
      for (const step of actionSteps(parse(yaml))) {
        for (const key of Object.keys(step.with ?? {}))
          expect(inputs, `snippet: ${key}`).toContain(key)
      }
    }
    // Prose outside code blocks: `name: value` is an input of ours, or a name the migration tables
    // quote from the other actions or from GitHub.
    const others = ['permissions', 'uses', 'type', 'deploymentMode']
    const prose = readme.replace(/^```[\s\S]*?^```$/gm, '')
    const keys = [...prose.matchAll(/`([A-Za-z][\w-]*): [^`]+`/g)].map((m) => m[1])
    expect(keys).toContain('operation')
    for (const key of keys) expect([...inputs, ...others], `\`${key}: …\``).toContain(key)
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

    const whatIf = wf('what-if-pr.yml')
    expect(whatIf.on).toHaveProperty('pull_request')
    expect(whatIf.permissions).toMatchObject({ 'id-token': 'write' })
    const [plan] = withOf(whatIf)
    expect(plan.operation).toBe('whatIf')
    expect(String(plan['fail-on-changes'])).toBe('true')
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
    { steps?: Step[]; uses?: string; needs?: string | string[]; strategy?: { matrix?: unknown } }
  >
}

/** Steps that use this action, in job order. */
function actionSteps(doc: unknown): Step[] {
  const jobs = (doc as Partial<Workflow> | undefined)?.jobs ?? {}
  return Object.values(jobs)
    .flatMap((j) => j.steps ?? [])
    .filter((s) => /durable-arm-deploy@|^\.\/$/.test(s.uses ?? ''))
}
