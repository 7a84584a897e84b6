// Issue 10: templates nobody on this project wrote (Azure quickstarts and compiled Azure Verified
// Modules, listed with repository, path and commit in __tests__/fixtures/real-templates/sources.json)
// each deployed through `node dist/index.js` against one emulator, as a user would try them. Every
// one must end Succeeded with the template's outputs; templates that cannot work offline are
// listed in sources.json with the reason, and this file checks that list is what it claims.
// Time is compressed 600x (a 20 s resource takes 33 ms); two runs at a time (maxConcurrency).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs, type ActionRun } from '../helpers/run-action.js'

const ROOT = '__tests__/fixtures/real-templates'

interface Entry {
  dir: string
  repo: string
  path: string
  commit: string
  kind: 'quickstart' | 'avm'
  scope: 'resourceGroup' | 'subscription'
  /** Deployed after this entry, into the same resource group (a prereq). */
  after?: string
  /** Why the template cannot work offline; such entries are not deployed. */
  offline?: string
}

interface Template {
  outputs?: Record<string, { type?: string; $ref?: string; condition?: unknown }>
}

const { templates } = JSON.parse(readFileSync(join(ROOT, 'sources.json'), 'utf8')) as {
  templates: Entry[]
}
const deployable = templates.filter((t) => !t.offline)
/** Chains of entries that share a resource group, prereq first. */
const chains = deployable
  .filter((t) => !t.after)
  .map((first) => [first, ...deployable.filter((t) => t.after === first.dir)])

const emulator = useEmulator({ timeScale: 600, tokenLifetime: '24h' })
const workDir = mkdtempSync(join(tmpdir(), 'real-templates-'))

function readTemplate(entry: Entry): Template {
  return JSON.parse(readFileSync(join(ROOT, entry.dir, 'template.json'), 'utf8')) as Template
}

/** The entry's parameters file with {{subscriptionId}} / {{resourceGroup}} filled in. */
function parametersFile(entry: Entry, subscriptionId: string, group: string): string {
  const text = readFileSync(join(ROOT, entry.dir, 'parameters.json'), 'utf8')
    .replaceAll('{{subscriptionId}}', subscriptionId)
    .replaceAll('{{resourceGroup}}', group)
  const file = join(workDir, `${entry.dir}.parameters.json`)
  writeFileSync(file, text)
  return file
}

function deploy(entry: Entry, group: string): Promise<ActionRun> {
  const e = emulator()
  const scope: Record<string, string> =
    entry.scope === 'subscription'
      ? { scope: 'subscription', location: 'westeurope' }
      : { 'resource-group-name': group }
  return runAction({
    emulator: e,
    inputs: {
      ...secretInputs(e),
      ...scope,
      name: entry.dir,
      'template-file': join(ROOT, entry.dir, 'template.json'),
      'parameters-file': parametersFile(entry, e.info.subscriptionId, group),
      'poll-interval': '1'
    }
  })
}

/**
 * Output values that show the engine read what ARM would give (provider properties, symbolic
 * references, list/identity values), beyond the outputs being present.
 */
const EXPECTED_OUTPUTS: Record<string, Record<string, RegExp>> = {
  'avm-managed-identity-uai': {
    principalId: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    clientId: /^[0-9a-f]{8}-/,
    location: /^westeurope$/
  },
  'avm-network-public-ip-address': { ipAddress: /^20\.\d+\.\d+\.\d+$/ },
  'avm-resources-resource-group': {
    location: /^westeurope$/,
    resourceId: /\/resourceGroups\/rg-corpus-avm$/
  },
  'avm-key-vault-secret': {
    secretUri: /^https:\/\/kv-corpus-01\.vault\.azure\.net\/secrets\/avm-secret$/
  },
  'qs-vm-simple-linux': {
    hostname: /^simplelinuxvm-[a-z0-9]{13}\.westeurope\.cloudapp\.azure\.com$/
  },
  'qs-vm-simple-windows': { hostname: /\.westeurope\.cloudapp\.azure\.com$/ },
  'qs-storage-account-create': { storageAccountName: /^store[a-z0-9]{13}$/ },
  'avm-network-virtual-network': {
    subnetNames: /^\["app","data"\]$/,
    subnetResourceIds: /virtualNetworks\/vnet-avm\/subnets\/data"\]$/
  }
}

/** Succeeded, and every output the template declares (secure ones are never returned) is set. */
function expectSucceeded(entry: Entry, run: ActionRun): void {
  expect(run.exitCode, `${entry.dir}\n${run.stdout}`).toBe(0)
  expect(run.outputs['provisioning-state']).toBe('Succeeded')
  const declared = Object.entries(readTemplate(entry).outputs ?? {}).filter(
    ([, o]) => !/^secure/i.test(o.type ?? '') && o.condition === undefined
  )
  for (const [name] of declared)
    expect(run.outputs, `${entry.dir}: output ${name}`).toHaveProperty(name)
}

describe('real templates (quickstarts and Azure Verified Modules) through the action', () => {
  it('the corpus holds at least 30 templates, every AVM module deployable, offline ones with a reason', () => {
    expect(templates.length).toBeGreaterThanOrEqual(30)
    expect(templates.filter((t) => t.kind === 'avm' && t.offline)).toEqual([])
    for (const dir of Object.keys(EXPECTED_OUTPUTS))
      expect(deployable.map((t) => t.dir)).toContain(dir)
    for (const t of templates) {
      expect(t.commit, t.dir).toMatch(/^[0-9a-f]{40}$/)
      if (t.offline !== undefined) expect(t.offline.length, t.dir).toBeGreaterThan(10)
      expect(() => readTemplate(t), t.dir).not.toThrow()
    }
  })

  it.concurrent.each(chains.map((chain) => [chain.map((c) => c.dir).join(' → '), chain] as const))(
    '%s',
    async (_label, chain) => {
      const e = emulator()
      const group = `rg-${chain[0].dir}`.slice(0, 90)
      e.arm.createResourceGroup(e.info.subscriptionId, group, 'westeurope')
      for (const entry of chain) expectSucceeded(entry, await deploy(entry, group))
    }
  )
})
