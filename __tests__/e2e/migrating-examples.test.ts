// docs/migrating.md is tested as written: each "After" example (from Azure/arm-deploy, from
// Azure/bicep-deploy, from azure/login and an az CLI loop) is read from the page, its expressions
// filled in the way the runner would (vars, env, secrets, toJSON), and its `with:` inputs and job
// `env:` run through `node dist/index.js` against the emulator. Only the cloud's endpoints are
// added (the emulator stands in for Azure). The secret holds a quote, which breaks '{"k": "${{ }}"}'
// and is why the page passes it with toJSON.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'
import { parse } from 'yaml'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { installFakeCompiler } from '../helpers/fake-bicep/index.js'
import { withEmulator } from '../helpers/emulator.js'
import { REPO_ROOT, runAction } from '../helpers/run-action.js'

const PAGE = readFileSync(join(REPO_ROOT, 'docs', 'migrating.md'), 'utf8')
const HUB = join(REPO_ROOT, 'examples', 'hub-and-spoke')
const SECRET = `mig-"quoted'-key`

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

/** The `After` YAML block of the page's section `## From <anchor>`. */
function afterExample(section: string): string {
  const start = PAGE.indexOf(`\n## From ${section}`)
  expect(start, `no section "## From ${section}" in docs/migrating.md`).toBeGreaterThanOrEqual(0)
  const rest = PAGE.slice(start + 1)
  const end = rest.indexOf('\n## ', 1)
  const body = end < 0 ? rest : rest.slice(0, end)
  const block = /\nAfter[^\n]*:\n\n```yaml\n([\s\S]*?)\n```/.exec(body)?.[1]
  expect(block, `no "After" yaml block under "## From ${section}"`).toBeDefined()
  return block ?? ''
}

/** The step that uses the action, and the job's env (when the example is a whole job). */
function actionStep(yaml: string): { step: Step; env: Record<string, string> } {
  const doc = parse(yaml) as unknown
  const jobs = (doc as { jobs?: Record<string, { env?: Record<string, string>; steps: Step[] }> })
    .jobs
  const job = jobs ? Object.values(jobs)[0] : undefined
  const steps = job ? job.steps : (doc as Step[])
  const step = steps.find((s) => s.uses?.includes('durable-arm-deploy'))
  expect(step, 'no step uses the action').toBeDefined()
  return { step: step ?? {}, env: job?.env ?? {} }
}

/** `${{ … }}` the way the runner evaluates the few forms the page uses; anything else fails. */
function evaluate(text: string, context: Record<string, Record<string, string>>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    const json = /^toJSON\((\w+)\.(\w+)\)$/.exec(expr)
    const plain = /^(\w+)\.(\w+)$/.exec(expr)
    const [, scope, name] = json ?? plain ?? []
    const value = scope && name ? context[scope]?.[name] : undefined
    if (value === undefined) throw new Error(`the test cannot evaluate \${{ ${expr} }}`)
    return json ? JSON.stringify(value) : value
  })
}

function runExample(e: StartedEmulator, section: string, extraEnv: Record<string, string> = {}) {
  const { step, env } = actionStep(afterExample(section))
  const vars = {
    AZURE_CLIENT_ID: e.info.clientId,
    AZURE_TENANT_ID: e.info.tenantId,
    AZURE_SUBSCRIPTION_ID: e.info.subscriptionId
  }
  const context = { vars, secrets: { VPN_SHARED_KEY: SECRET }, env: {} as Record<string, string> }
  const jobEnv = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, evaluate(String(v), context)])
  )
  context.env = jobEnv
  const inputs = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v), context)])
  )
  return {
    inputs,
    run: runAction({
      emulator: e,
      inputs: {
        ...inputs,
        // The cloud: the emulator in place of Azure.
        'resource-manager-endpoint': e.info.armEndpoint,
        'authority-host': e.info.authorityHost,
        'poll-interval': '1'
      },
      env: { ...jobEnv, ...extraEnv },
      secrets: [SECRET]
    })
  }
}

/** An emulator of the test's own: the three examples deploy the same name into the same group. */
const emulator = (ctx: TestContext) =>
  withEmulator(ctx, { timeScale: 1200, tokenLifetime: '60m', scenario: join(HUB, 'scenario.json') })

describe('docs/migrating.md examples, run against the emulator', () => {
  it('from Azure/arm-deploy', async (ctx) => {
    const e = await emulator(ctx)
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-connectivity', 'westeurope')
    const { run } = runExample(e, 'Azure/arm-deploy')
    const r = await run
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.outputs['provisioning-state']).toBe('Succeeded')
    // The outputs keep their names, as the page says.
    expect(r.outputs.hubVnetId).toMatch(/\/virtualNetworks\/contoso-hub-vnet$/)
  })

  it('from Azure/bicep-deploy: only `uses:` changes, the ids come from AZURE_* variables', async (ctx) => {
    const e = await emulator(ctx)
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-connectivity', 'westeurope')
    // main.bicep compiles to azuredeploy.json (the stand-in prints it for `bicep build`).
    const bicep = installFakeCompiler({
      as: 'bicep',
      buildOutput: join(HUB, 'azuredeploy.json'),
      keepPath: true
    })
    const { inputs, run } = runExample(e, 'Azure/bicep-deploy', {
      PATH: bicep.env.PATH ?? '',
      FAKE_BICEP_ARGV_FILE: bicep.env.FAKE_BICEP_ARGV_FILE ?? '',
      FAKE_BICEP_BUILD_OUTPUT: bicep.env.FAKE_BICEP_BUILD_OUTPUT ?? '',
      FAKE_BICEP_VERSION: bicep.env.FAKE_BICEP_VERSION ?? ''
    })
    // Nothing about the identity in `with:`: client, tenant and subscription come from the job's env.
    expect(Object.keys(inputs)).not.toContain('client-id')
    expect(Object.keys(inputs)).not.toContain('subscription-id')
    const r = await run
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.outputs['deployment-name']).toBe('hub')
    expect(r.outputs['provisioning-state']).toBe('Succeeded')
    expect(bicep.calls().map((c) => c[1])).toContain('build')
  })

  it('from azure/login and an az CLI loop', async (ctx) => {
    const e = await emulator(ctx)
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-connectivity', 'westeurope')
    const { run } = runExample(e, 'azure/login and an az CLI loop')
    const r = await run
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.outputs['deployment-name']).toBe('hub')
    // The step after it reads the `outputs` output instead of `az deployment group show`.
    expect(JSON.parse(r.outputs.outputs ?? '{}')).toHaveProperty('firewallPrivateIp')
  })
})
