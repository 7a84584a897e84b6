// The workflows and example workflows must only use inputs the action declares: the runner merely
// warns about an unknown input, and the action would silently ignore it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  permissions?: unknown
  jobs: Record<string, { steps?: Step[]; permissions?: unknown; uses?: string }>
}

const actionInputs = Object.keys(
  (
    parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
)

function workflows(dir: string): Array<[string, Workflow]> {
  const full = join(REPO_ROOT, dir)
  return readdirSync(full)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [`${dir}/${f}`, parse(readFileSync(join(full, f), 'utf8')) as Workflow])
}

const all = [...workflows('.github/workflows'), ...workflows('examples/workflows')]
const steps = all.flatMap(([file, wf]) =>
  Object.entries(wf.jobs).flatMap(([job, j]) =>
    (j.steps ?? []).map((s) => ({ file, job, step: s }))
  )
)
const isThisAction = (uses = '') => uses === './' || /\/durable-arm-deploy@/.test(uses)

describe('workflows', () => {
  it('exist, including the ones the project promises', () => {
    const names = all.map(([f]) => f)
    for (const f of [
      'ci.yml',
      'check-dist.yml',
      'e2e.yml',
      'live.yml',
      'codeql.yml',
      'bicep.yml'
    ]) {
      expect(names).toContain(`.github/workflows/${f}`)
    }
  })

  it('pass the action only inputs that action.yml declares', () => {
    const used = steps.filter(({ step }) => isThisAction(step.uses))
    expect(used.length).toBeGreaterThan(3)
    for (const { file, job, step } of used) {
      for (const key of Object.keys(step.with ?? {})) {
        expect(actionInputs, `${file} ${job}: input '${key}'`).toContain(key)
      }
    }
  })

  it('set least-privilege permissions at the top', () => {
    for (const [file, wf] of workflows('.github/workflows')) {
      expect(wf.permissions, file).toEqual({ contents: 'read' })
    }
  })

  it('use checkout and setup-node v5 with the repository’s Node version', () => {
    for (const { file, step } of steps) {
      if (step.uses?.startsWith('actions/checkout@'))
        expect(step.uses, file).toBe('actions/checkout@v5')
      if (step.uses?.startsWith('actions/setup-node@')) {
        expect(step.uses, file).toBe('actions/setup-node@v5')
        expect(step.with?.['node-version-file'], file).toBe('.node-version')
      }
    }
  })

  it('run helper scripts that exist', () => {
    for (const { file, step } of steps) {
      for (const [, script] of (step.run ?? '').matchAll(/bash (\S+\.sh)/g)) {
        expect(existsSync(join(REPO_ROOT, script)), `${file}: ${script}`).toBe(true)
      }
    }
  })
})

describe('examples/workflows/matrix-regions.yml', () => {
  const [, wf] = all.find(([f]) => f === 'examples/workflows/matrix-regions.yml')!
  const job = wf.jobs.region as {
    strategy?: { 'max-parallel'?: number; 'fail-fast'?: boolean; matrix?: unknown }
    concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  }

  it('bounds the legs and lets one failing leg leave the others running', () => {
    expect(job.strategy?.['max-parallel']).toBeGreaterThan(0)
    expect(job.strategy?.['fail-fast']).toBe(false)
  })

  it('queues a second run of a leg behind the first instead of canceling its deployment', () => {
    expect(job.concurrency?.group).toContain('${{ matrix.region }}')
    expect(job.concurrency?.['cancel-in-progress']).toBe(false)
  })
})
