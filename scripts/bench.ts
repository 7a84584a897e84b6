// npm run bench: prints figures, not pass/fail, for `node dist/index.js` against the emulator.
// Targets (issue 6): cold start to PUT < 0.5 s; bundle beside Azure/bicep-deploy's 1.27 MB;
// <= 2 ARM reads per poll plus changed nested deployments; <= 20 ms CPU per poll at 800
// resources; peak RSS <= 100 MB over a compressed 6-hour run. Whole run: about 4 minutes.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import {
  startEmulator,
  type RequestLogEntry,
  type Scenario,
  type StartedEmulator
} from '../emulator/src/index.js'
import { ACTION_ENTRY, REPO_ROOT, runAction, type ActionRun } from './lib/action-runner.js'
import { ProcessSampler } from './lib/process-sampler.js'

const WORK = join(REPO_ROOT, '.tmp', 'bench')
const RG = 'rg-bench'
const BICEP_DEPLOY_BUNDLE_BYTES = 1.27e6
const HUB = join(REPO_ROOT, 'examples', 'hub-and-spoke')
/** Measured in the hub run, to put the SDK poller's rate beside ours. */
let hubReadsPerPoll: number | undefined

interface Figure {
  name: string
  value: string
  target?: string
}
const figures: Figure[] = []
/** Which measurement the next figures belong to, for the summary table. */
let section = ''
function report(name: string, value: string, target?: string): void {
  figures.push({ name: section ? `${section}: ${name}` : name, value, target })
  process.stdout.write(`  ${name}: ${value}${target ? `   (target ${target})` : ''}\n`)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
const isDeploymentPut = (e: RequestLogEntry) =>
  e.service === 'arm' &&
  e.method === 'PUT' &&
  /\/providers\/Microsoft\.Resources\/deployments\/[^/?]+(\?|$)/i.test(e.path)

async function withEmulator<T>(
  options: { timeScale: number; scenario: Scenario; tokenLifetime?: string; pageSize?: number },
  fn: (em: StartedEmulator) => Promise<T>
): Promise<T> {
  const em = await startEmulator({ tokenLifetime: '60m', oidcTokenLifetime: '5m', ...options })
  try {
    em.arm.createResourceGroup(em.info.subscriptionId, RG, 'westeurope')
    return await fn(em)
  } finally {
    await em.stop()
  }
}

type Auth = 'secret' | 'oidc'

function actionInputs(
  em: StartedEmulator,
  auth: Auth,
  extra: Record<string, string>
): Record<string, string> {
  const i = em.info
  return {
    'auth-type': auth,
    'client-id': i.clientId,
    'tenant-id': i.tenantId,
    'subscription-id': i.subscriptionId,
    ...(auth === 'secret' ? { 'client-secret': i.clientSecret } : {}),
    'resource-manager-endpoint': i.armEndpoint,
    'authority-host': i.authorityHost,
    'resource-group-name': RG,
    ...extra
  }
}

interface MeasuredRun {
  run: ActionRun
  spawnedAt: number
  sampler: ProcessSampler
}

async function runMeasured(
  em: StartedEmulator,
  auth: Auth,
  inputs: Record<string, string>
): Promise<MeasuredRun> {
  let sampler: ProcessSampler | undefined
  let spawnedAt = 0
  const errors: string[] = []
  const run = await runAction({
    inputs: actionInputs(em, auth, inputs),
    env: {
      NODE_EXTRA_CA_CERTS: em.info.caCertPath,
      ...(auth === 'oidc'
        ? {
            ACTIONS_ID_TOKEN_REQUEST_URL: em.info.oidcRequestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: em.info.oidcRequestToken
          }
        : {})
    },
    onSpawn: (pid) => {
      spawnedAt = Date.now()
      sampler = new ProcessSampler(pid)
    },
    onLine: (line) => {
      if (line.kind === 'error') errors.push(line.text)
    }
  })
  sampler!.stop()
  if (run.exitCode !== 0) {
    process.stdout.write(
      `    (action exited ${run.exitCode}: ${errors.slice(0, 2).join(' | ') || 'no error annotation'})\n`
    )
  }
  return { run, spawnedAt, sampler: sampler! }
}

function writeTemplate(name: string, template: unknown): string {
  const file = join(WORK, name)
  writeFileSync(file, JSON.stringify(template))
  return relative(REPO_ROOT, file)
}

function resourcesTemplate(count: number): unknown {
  const types = [
    'Microsoft.Network/publicIPAddresses',
    'Microsoft.Network/networkSecurityGroups',
    'Microsoft.Network/routeTables'
  ]
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: Array.from({ length: count }, (_, i) => ({
      type: types[i % types.length],
      apiVersion: '2024-05-01',
      name: `bench-${String(i).padStart(3, '0')}`,
      location: '[resourceGroup().location]',
      properties: {}
    })),
    outputs: { count: { type: 'int', value: count } }
  }
}

/** Polls = GETs of the top-level deployment itself after the PUT (not its operations). */
function pollFigures(log: RequestLogEntry[], deploymentName: string) {
  const put = log.findIndex(isDeploymentPut)
  const after = log.slice(put + 1).filter((e) => e.service === 'arm' && e.method === 'GET')
  const self = new RegExp(`/deployments/${deploymentName}\\?`, 'i')
  const ownOps = new RegExp(`/deployments/${deploymentName}/operations\\?`, 'i')
  const pollGets = after.filter((e) => self.test(e.path))
  const polls = pollGets.length
  // What the reads were, so "reads per poll" can be held to "2 + changed nested deployments".
  const ownOperationPages = after.filter((e) => ownOps.test(e.path)).length
  const nested = after.filter((e) => !self.test(e.path) && !ownOps.test(e.path))
  const nestedOperationPages = nested.filter((e) => /\/operations\?/i.test(e.path)).length
  const nestedNames = new Set(
    nested.map((e) => /\/deployments\/([^/?]+)/i.exec(e.path)?.[1]).filter(Boolean)
  )
  return {
    polls,
    armReads: after.length,
    put: log[put],
    firstPoll: pollGets[0],
    lastPoll: pollGets.at(-1),
    ownOperationPages,
    nestedOperationPages,
    nestedDeployments: nestedNames.size,
    otherReads: nested.length - nestedOperationPages
  }
}

/**
 * CPU per poll two ways: whole cycles only (first poll's GET to the last poll's GET, over the
 * cycles in between), and everything from the PUT to exit over the polls, which also carries the
 * one-off end of the run (summary, outputs, exit) spread over the polls.
 */
function reportCpu(f: ReturnType<typeof pollFigures>, run: MeasuredRun, target?: string): void {
  const cpuAt = (e: RequestLogEntry | undefined) =>
    e ? (run.sampler.at(Date.parse(e.realTime) - run.spawnedAt)?.cpuMs ?? 0) : 0
  const cycles = f.polls - 1
  if (cycles > 0)
    report(
      'CPU per poll cycle (first poll to last poll, /proc)',
      `${((cpuAt(f.lastPoll) - cpuAt(f.firstPoll)) / cycles).toFixed(1)} ms`,
      target
    )
  const end = run.sampler.last?.cpuMs ?? 0
  report(
    'CPU from the PUT to exit / polls (adds the end-of-run report)',
    `${((end - cpuAt(f.put)) / f.polls).toFixed(1)} ms  (last poll to exit: ${(end - cpuAt(f.lastPoll)).toFixed(0)} ms)`
  )
}

function reportReads(f: ReturnType<typeof pollFigures>, target?: string): void {
  report(
    'ARM reads per poll (all GETs after the PUT / polls)',
    (f.armReads / f.polls).toFixed(2),
    target
  )
  report(
    '  of which: deployment GET + its operations pages, per poll',
    `${((f.polls + f.ownOperationPages) / f.polls).toFixed(2)} (${f.ownOperationPages} operations pages)`
  )
  report(
    "  of which: nested deployments' operations pages, per poll",
    `${(f.nestedOperationPages / f.polls).toFixed(2)} (${f.nestedOperationPages} listings of ${f.nestedDeployments} nested deployments)`
  )
  if (f.otherReads > 0) report('  other reads', String(f.otherReads))
}

function bundleSize(): void {
  section = 'bundle'
  process.stdout.write('\nBundle\n')
  const dist = join(REPO_ROOT, 'dist')
  const files = readdirSync(dist).filter((f) => /\.(c|m)?js$/.test(f))
  const total = files.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0)
  report('dist/index.js', mb(statSync(join(dist, 'index.js')).size))
  report(
    `dist/*.js (${files.length} files)`,
    mb(total),
    `beside Azure/bicep-deploy's ${mb(BICEP_DEPLOY_BUNDLE_BYTES)}`
  )
}

async function coldStart(): Promise<void> {
  section = 'cold start'
  process.stdout.write(
    '\nCold start: spawn of node dist/index.js to the deployment PUT (client secret, 5 runs)\n'
  )
  const template = writeTemplate('one-resource.json', resourcesTemplate(1))
  const scenario: Scenario = {
    durations: { byType: { 'Microsoft.Network/publicIPAddresses': '1s' } }
  }
  await withEmulator({ timeScale: 1, scenario }, async (em) => {
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const before = em.requestLog().length
      const { spawnedAt } = await runMeasured(em, 'secret', {
        'template-file': template,
        name: `cold-${i}`,
        'poll-interval': '1s'
      })
      const put = em.requestLog().slice(before).find(isDeploymentPut)
      if (put) times.push(Date.parse(put.realTime) - spawnedAt)
    }
    if (times.length === 0) return report('cold start to PUT', 'no PUT reached the emulator')
    report('cold start to PUT (median)', `${median(times)} ms  [${times.join(', ')}]`, '< 500 ms')
  })
}

async function hubPolling(): Promise<void> {
  section = 'hub'
  process.stdout.write(
    '\nHub-and-spoke (~95 emulated minutes at 120x, poll every 1 s): reads and CPU per poll\n'
  )
  const scenario = JSON.parse(readFileSync(join(HUB, 'scenario.json'), 'utf8')) as Scenario
  await withEmulator({ timeScale: 120, scenario }, async (em) => {
    const measured = await runMeasured(em, 'secret', {
      'template-file': relative(REPO_ROOT, join(HUB, 'azuredeploy.json')),
      'parameters-file': relative(REPO_ROOT, join(HUB, 'azuredeploy.parameters.json')),
      parameters: JSON.stringify({ vpnSharedKey: 'bench-not-a-secret-1' }),
      name: 'bench-hub',
      'poll-interval': '1s'
    })
    report(
      'verdict',
      `${measured.run.outputs['provisioning-state'] ?? 'unknown'} (exit ${measured.run.exitCode})`
    )
    const f = pollFigures(em.requestLog(), 'bench-hub')
    const { polls, armReads, put } = f
    if (!put || polls === 0) return report('polls', 'none observed')
    report('polls', String(polls))
    hubReadsPerPoll = armReads / polls
    reportReads(f, '<= 2 + changed nested deployments')
    reportCpu(f, measured)
  })
}

async function sixHours(): Promise<void> {
  section = '6 h'
  process.stdout.write('\nCompressed 6-hour run (OIDC, 360x, poll every 1 s): tokens and memory\n')
  const template = writeTemplate('six-hours.json', resourcesTemplate(3))
  const scenario: Scenario = {
    durations: { byName: { 'bench-000': '30m', 'bench-001': '3h', 'bench-002': '6h' } }
  }
  await withEmulator({ timeScale: 360, scenario }, async (em) => {
    const { run, sampler } = await runMeasured(em, 'oidc', {
      'template-file': template,
      name: 'bench-6h',
      'poll-interval': '1s'
    })
    report('verdict', `${run.outputs['provisioning-state'] ?? 'unknown'} (exit ${run.exitCode})`)
    const log = em.requestLog()
    const hours =
      (Math.max(...log.map((e) => e.emulatedMs)) - Math.min(...log.map((e) => e.emulatedMs))) /
      3_600_000
    const entra = log.filter((e) => e.service === 'entra' && e.method === 'POST').length
    const oidc = log.filter((e) => e.service === 'oidc').length
    report('emulated hours covered', hours.toFixed(2))
    report(
      'Entra token requests per emulated hour',
      (entra / hours).toFixed(2),
      'access tokens live 60 min'
    )
    report(
      'GitHub ID token requests per emulated hour',
      (oidc / hours).toFixed(2),
      'ID tokens live 5 min'
    )
    report('token refreshes (action output)', run.outputs['token-refreshes'] ?? 'n/a')
    report(
      'ARM 401 ExpiredAuthenticationToken',
      String(log.filter((e) => e.errorCode === 'ExpiredAuthenticationToken').length)
    )
    const samples = sampler.samples
    const peak = Math.max(...samples.map((s) => s.peakRssBytes))
    const third = Math.floor(samples.length / 3)
    const early = median(samples.slice(third, 2 * third).map((s) => s.rssBytes))
    const late = median(samples.slice(2 * third).map((s) => s.rssBytes))
    report('peak RSS', mb(peak), '<= 100 MB')
    report('RSS, middle third -> last third (median)', `${mb(early)} -> ${mb(late)}`)
  })
}

/**
 * 800 resources at the emulator's default page (100, like ARM's lists) and, for comparison, at 10
 * a page (what the emulator served before): pages per poll dominate the CPU, so both are shown.
 */
async function eightHundred(pageSize?: number): Promise<void> {
  section = pageSize ? `800 (page ${pageSize})` : '800'
  process.stdout.write(
    `\n800 resources (ARM maximum), 60x, poll every 1 s, operations paged ${pageSize ?? 'by the emulator default'}: CPU per poll\n`
  )
  const template = writeTemplate('eight-hundred.json', resourcesTemplate(800))
  const byName: Record<string, string> = {}
  for (let i = 0; i < 800; i++) byName[`bench-${String(i).padStart(3, '0')}`] = `${1 + (i % 25)}m`
  const options = { timeScale: 60, scenario: { durations: { byName } }, pageSize }
  await withEmulator(options, async (em) => {
    const measured = await runMeasured(em, 'secret', {
      'template-file': template,
      name: 'bench-800',
      'poll-interval': '1s'
    })
    report(
      'verdict',
      `${measured.run.outputs['provisioning-state'] ?? 'unknown'} (exit ${measured.run.exitCode})`
    )
    const f = pollFigures(em.requestLog(), 'bench-800')
    const { polls, put } = f
    if (!put || polls === 0) return report('polls', 'none observed')
    report('polls', String(polls))
    reportReads(f)
    reportCpu(f, measured, '<= 20 ms')
  })
}

async function sdkPoller(): Promise<void> {
  section = 'SDK'
  process.stdout.write(
    "\nFor comparison: the SDK's own poller (beginCreateOrUpdateAndWait, defaults), 20 real seconds\n"
  )
  const template = resourcesTemplate(1)
  await withEmulator(
    { timeScale: 1, scenario: { neverEnd: [{ resourceName: 'bench-000' }] } },
    async (em) => {
      const i = em.info
      setDefaultCACertificates([
        ...getCACertificates('default'),
        readFileSync(i.caCertPath, 'utf8')
      ])
      const credential = new ClientSecretCredential(i.tenantId, i.clientId, i.clientSecret, {
        authorityHost: i.authorityHost,
        disableInstanceDiscovery: true
      })
      const client = new DeploymentsClient(credential, i.subscriptionId, {
        endpoint: i.armEndpoint,
        credentials: { scopes: [`${i.armEndpoint}/.default`] }
      })
      const abort = new AbortController()
      const seconds = 20
      const timer = setTimeout(() => abort.abort(), seconds * 1000)
      const before = em.requestLog().length
      try {
        await client.deployments.beginCreateOrUpdateAndWait(
          RG,
          'bench-sdk',
          { properties: { mode: 'Incremental', template } },
          {
            abortSignal: abort.signal
          }
        )
      } catch {
        // aborted on purpose: the deployment never ends
      } finally {
        clearTimeout(timer)
      }
      const arm = em
        .requestLog()
        .slice(before)
        .filter((e) => e.service === 'arm' && e.method === 'GET').length
      report(
        'SDK poller ARM reads per real hour (extrapolated)',
        String(Math.round((arm / seconds) * 3600))
      )
      report(
        'this action, default poll-interval 30s: ARM reads per hour',
        hubReadsPerPoll === undefined
          ? 'n/a (hub run not measured)'
          : `${Math.round(120 * hubReadsPerPoll)} (120 polls x ${hubReadsPerPoll.toFixed(2)}; the SDK poller lists no operations)`
      )
    }
  )
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true })
  const started = Date.now()
  process.stdout.write(
    `durable-arm-deploy bench (Node ${process.versions.node}, ${new Date().toISOString()})\n`
  )
  // `npm run bench -- hub 800` runs only the named sections (all when none are named).
  const only = new Set(process.argv.slice(2))
  const wanted = (name: string) => only.size === 0 || only.has(name)
  if (existsSync(ACTION_ENTRY)) {
    if (wanted('bundle')) bundleSize()
    if (wanted('cold')) await coldStart()
    if (wanted('hub')) await hubPolling()
    if (wanted('800')) await eightHundred()
    if (wanted('800')) await eightHundred(10)
    if (wanted('6h')) await sixHours()
  } else {
    process.stdout.write(
      '\ndist/index.js is missing (run `npm run package`): only the SDK comparison runs.\n'
    )
  }
  if (wanted('sdk')) await sdkPoller()
  process.stdout.write(`\nSummary (${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
  const width = Math.max(...figures.map((f) => f.name.length))
  for (const f of figures)
    process.stdout.write(
      `  ${f.name.padEnd(width)}  ${f.value}${f.target ? `  (target ${f.target})` : ''}\n`
    )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(1)
  }
)
