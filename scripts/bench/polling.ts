// Reads and CPU per poll for the two workloads that matter: the hub-and-spoke sample (nested
// deployments, ~95 emulated minutes) and 800 resources (ARM's template maximum).
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Scenario } from '../../emulator/src/index.js'
import { REPO_ROOT } from '../lib/action-runner.js'
import { formatSummary, summariseProfile } from './cpu-profile.js'
import {
  WORK,
  resourceName,
  resourcesTemplate,
  runMeasured,
  withEmulator,
  writeTemplate,
  type MeasuredRun
} from './harness.js'
import {
  cpuPerPollCycle,
  pollFigures,
  reportCpu,
  reportReads,
  type PollFigures
} from './poll-figures.js'
import { pollFloor, twinBody } from './node-floor.js'
import { report, startSection } from './report.js'

const HUB = join(REPO_ROOT, 'examples', 'hub-and-spoke')
const HUB_TEMPLATE = relative(REPO_ROOT, join(HUB, 'azuredeploy.json'))
const HUB_PARAMETERS = relative(REPO_ROOT, join(HUB, 'azuredeploy.parameters.json'))
/** The hub's secure parameter, given inline as users give it (and to the floor's twin). */
const HUB_SECRET = { vpnSharedKey: 'bench-not-a-secret-1' }

/** What the hub run measured, for the comparisons with the SDK's poller and the az CLI. */
export interface HubPerPoll {
  readsPerPoll: number
  cpuPerPollMs?: number
}

export async function hubPolling(cpuProfile = false): Promise<HubPerPoll | undefined> {
  startSection(
    'hub',
    'Hub-and-spoke (~95 emulated minutes at 120x, poll every 1 s): reads and CPU per poll'
  )
  const scenario = JSON.parse(readFileSync(join(HUB, 'scenario.json'), 'utf8')) as Scenario
  const profileDir = cpuProfile ? mkdtempSync(join(WORK, 'cpu-prof-')) : undefined
  return withEmulator({ timeScale: 120, scenario }, async (em) => {
    const measured = await runMeasured(
      em,
      'secret',
      {
        'template-file': HUB_TEMPLATE,
        'parameters-file': HUB_PARAMETERS,
        parameters: JSON.stringify(HUB_SECRET),
        name: 'bench-hub',
        'poll-interval': '1s'
      },
      profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}
    )
    report(
      'verdict',
      `${measured.run.outputs['provisioning-state'] ?? 'unknown'} (exit ${measured.run.exitCode})`
    )
    const f = pollFigures(em.requestLog(), 'bench-hub')
    const { polls, armReads, put } = f
    if (!put || polls === 0) {
      report('polls', 'none observed')
      return undefined
    }
    report('polls', String(polls))
    reportReads(f, '<= 2 + changed nested deployments')
    reportCpu(f, measured, '<= 5 ms')
    const cpuPerPollMs = cpuPerPollCycle(f, measured)
    if (profileDir) printProfile(profileDir, f, measured)
    else {
      const { parameters } = JSON.parse(readFileSync(join(REPO_ROOT, HUB_PARAMETERS), 'utf8')) as {
        parameters: Record<string, unknown>
      }
      const inline = Object.entries(HUB_SECRET).map(([k, value]) => [k, { value }] as const)
      const body = twinBody(HUB_TEMPLATE, { ...parameters, ...Object.fromEntries(inline) })
      await pollFloor(em, 'bench-hub', body, 1000, cpuPerPollMs)
    }
    return { readsPerPoll: armReads / polls, cpuPerPollMs }
  })
}

/**
 * 800 resources at the emulator's default page (100, like ARM's lists) and, for comparison, at 10
 * a page (what the emulator served before): pages per poll dominate the CPU, so both are shown.
 * `cpuProfile` (here and for the hub): run the action under --cpu-prof and print where the poll
 * cycles' CPU went (the profiler's own cost inflates that run's CPU figures).
 */
export async function eightHundred(pageSize?: number, cpuProfile = false): Promise<void> {
  startSection(
    pageSize ? `800 (page ${pageSize})` : '800',
    `800 resources (ARM maximum), 60x, poll every 1 s, operations paged ${pageSize ?? 'by the emulator default'}: CPU per poll`
  )
  const template = writeTemplate('eight-hundred.json', resourcesTemplate(800))
  const byName: Record<string, string> = {}
  for (let i = 0; i < 800; i++) byName[resourceName(i)] = `${1 + (i % 25)}m`
  const options = { timeScale: 60, scenario: { durations: { byName } }, pageSize }
  const profileDir = cpuProfile ? mkdtempSync(join(WORK, 'cpu-prof-')) : undefined
  await withEmulator(options, async (em) => {
    const measured = await runMeasured(
      em,
      'secret',
      { 'template-file': template, name: 'bench-800', 'poll-interval': '1s' },
      profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}
    )
    report(
      'verdict',
      `${measured.run.outputs['provisioning-state'] ?? 'unknown'} (exit ${measured.run.exitCode})`
    )
    const f = pollFigures(em.requestLog(), 'bench-800')
    const { polls, put } = f
    if (!put || polls === 0) return report('polls', 'none observed')
    report('polls', String(polls))
    reportReads(f)
    reportCpu(f, measured, '<= 10 ms')
    if (profileDir) printProfile(profileDir, f, measured)
    else await pollFloor(em, 'bench-800', twinBody(template), 1000, cpuPerPollCycle(f, measured))
  })
}

/** The poll cycles' share of the profile, mapped through bundle-cost's twin source map. */
function printProfile(dir: string, f: PollFigures, run: MeasuredRun): void {
  const profile = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
  if (!profile || !f.firstPoll || !f.lastPoll) {
    process.stdout.write('  (no CPU profile was written)\n')
    return
  }
  const map = join(WORK, '..', 'bundle-cost', 'index.js.map')
  const since = (iso: string) => Date.parse(iso) - run.spawnedAt
  const summary = summariseProfile(
    join(dir, profile),
    existsSync(map) ? map : undefined,
    since(f.firstPoll.realTime),
    since(f.lastPoll.realTime)
  )
  process.stdout.write(
    `  CPU profile of the poll cycles (${join(relative(REPO_ROOT, dir), profile)})` +
      `${existsSync(map) ? '' : ', unmapped: run `npm run bundle:cost` first for source names'}:\n` +
      `${formatSummary(summary, 20, f.polls - 1)}\n`
  )
}
