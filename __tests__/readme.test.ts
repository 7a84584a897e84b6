// The README is part of the product: its two commands must work and be the ones CI runs, and its
// inputs and outputs tables must say exactly what action.yml declares.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../scripts/lib/action-runner.js'
import {
  inputsTable,
  outputsTable,
  readActionYml,
  rowCells,
  tableAfter
} from '../scripts/lib/readme-tables.js'

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
})
