// The steps the README and the behaviour guide tell users to write must work: each step of this
// action in those YAML snippets runs through `node dist/index.js` against the emulator with OIDC, its
// `${{ vars.* }}`, `${{ env.* }}` and `${{ secrets.* }}` filled in as GitHub would. The secret holds a
// quote and a backslash, which only `toJSON` survives. docs/migrating.md's examples (with their job
// `env:` and a Bicep compiler) are run by e2e/migrating-examples.test.ts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'
import { parse } from 'yaml'
import type { StartedEmulator } from '../emulator/src/index.js'
import { withEmulator } from './helpers/emulator.js'
import { REPO_ROOT, runAction } from './helpers/run-action.js'

const SECRET = 'psk-"quoted"\\and-Zq9!'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

/** Steps of this action in the ```yaml blocks of `file` (a job, a workflow or a list of steps). */
function documentedSteps(file: string): Array<{ where: string; step: Step }> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8')
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].flatMap((m, i) => {
    const doc = parse(m[1]) as unknown
    const jobs = (doc as { jobs?: Record<string, { steps?: Step[] }> } | null)?.jobs
    const steps: Step[] = Array.isArray(doc)
      ? (doc as Step[])
      : Object.values(jobs ?? {}).flatMap((j) => j.steps ?? [])
    return steps
      .filter((s) => /durable-arm-deploy@/.test(s.uses ?? ''))
      .map((step) => ({ where: `${file} yaml block ${i + 1}`, step }))
  })
}

/** The step's inputs with expressions evaluated the way the runner would for these contexts. */
function evaluate(inputs: Record<string, unknown>, e: StartedEmulator): Record<string, string> {
  const contexts: Record<string, Record<string, string>> = {
    vars: {
      AZURE_CLIENT_ID: e.info.clientId,
      AZURE_TENANT_ID: e.info.tenantId,
      AZURE_SUBSCRIPTION_ID: e.info.subscriptionId
    },
    secrets: { VPN_SHARED_KEY: SECRET }
  }
  contexts.env = contexts.vars
  const value = (context: string, name: string): string => {
    const v = contexts[context]?.[name]
    if (v === undefined) throw new Error(`no value for ${context}.${name}`)
    return v
  }
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      String(v).replace(
        /\$\{\{\s*(?:(toJSON)\((\w+)\.([\w-]+)\)|(\w+)\.([\w-]+))\s*\}\}/g,
        (_all, fn: string | undefined, c1: string, n1: string, c2: string, n2: string) =>
          fn ? JSON.stringify(value(c1, n1)) : value(c2, n2)
      )
    ])
  )
}

const cases = [
  ...documentedSteps('README.md'),
  ...documentedSteps('docs/behaviour-and-reliability.md')
]

describe('documented steps', () => {
  it('are found: the quickstart', () => {
    const where = cases.map((c) => c.where)
    expect(where.filter((w) => w.startsWith('README.md'))).toHaveLength(1)
  })

  it.concurrent.for(cases)(
    'deploys with OIDC as written: $where',
    async ({ step }, ctx: TestContext) => {
      const e = await withEmulator(ctx, {
        timeScale: 600,
        tokenLifetime: '60m',
        oidcTokenLifetime: '20m',
        scenario: join(REPO_ROOT, 'examples', 'hub-and-spoke', 'scenario.json')
      })
      const inputs = evaluate(step.with ?? {}, e)
      e.arm.createResourceGroup(e.info.subscriptionId, inputs['resource-group-name'], 'westeurope')
      const run = await runAction({
        emulator: e,
        secrets: [SECRET],
        inputs: {
          ...inputs,
          'resource-manager-endpoint': e.info.armEndpoint,
          'authority-host': e.info.authorityHost,
          'poll-interval': '1'
        }
      })
      expect(run.errors).toEqual([])
      expect(run.exitCode, run.stdout).toBe(0)
      // Signed in with a GitHub ID token, as the snippets (no secret, id-token: write) intend.
      expect(e.requestLog().filter((r) => r.service === 'oidc').length).toBeGreaterThan(0)
      expect(run.outputs['provisioning-state']).toBe('Succeeded')
      expect(run.outputs.hubVnetId).toMatch(/\/virtualNetworks\/contoso-hub-vnet$/)
      // The secret arrived whole (ARM got valid JSON) and was masked.
      expect(run.masked).toContain(SECRET)
    }
  )
})
