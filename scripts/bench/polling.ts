// Reads and CPU per poll for the two workloads that matter: the hub-and-spoke sample (nested
// deployments, ~95 emulated minutes) and 800 resources (ARM's template maximum).
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Scenario } from '../../emulator/src/index.js'
import { REPO_ROOT } from '../lib/action-runner.js'
import {
  resourceName,
  resourcesTemplate,
  runMeasured,
  withEmulator,
  writeTemplate
} from './harness.js'
import { cpuPerPollCycle, pollFigures, reportCpu, reportReads } from './poll-figures.js'
import { report, startSection } from './report.js'

const HUB = join(REPO_ROOT, 'examples', 'hub-and-spoke')

/** What the hub run measured, for the comparisons with the SDK's poller and the az CLI. */
export interface HubPerPoll {
  readsPerPoll: number
  cpuPerPollMs?: number
}

export async function hubPolling(): Promise<HubPerPoll | undefined> {
  startSection(
    'hub',
    'Hub-and-spoke (~95 emulated minutes at 120x, poll every 1 s): reads and CPU per poll'
  )
  const scenario = JSON.parse(readFileSync(join(HUB, 'scenario.json'), 'utf8')) as Scenario
  return withEmulator({ timeScale: 120, scenario }, async (em) => {
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
    if (!put || polls === 0) {
      report('polls', 'none observed')
      return undefined
    }
    report('polls', String(polls))
    reportReads(f, '<= 2 + changed nested deployments')
    reportCpu(f, measured, '<= 5 ms')
    return { readsPerPoll: armReads / polls, cpuPerPollMs: cpuPerPollCycle(f, measured) }
  })
}

/**
 * 800 resources at the emulator's default page (100, like ARM's lists) and, for comparison, at 10
 * a page (what the emulator served before): pages per poll dominate the CPU, so both are shown.
 */
export async function eightHundred(pageSize?: number): Promise<void> {
  startSection(
    pageSize ? `800 (page ${pageSize})` : '800',
    `800 resources (ARM maximum), 60x, poll every 1 s, operations paged ${pageSize ?? 'by the emulator default'}: CPU per poll`
  )
  const template = writeTemplate('eight-hundred.json', resourcesTemplate(800))
  const byName: Record<string, string> = {}
  for (let i = 0; i < 800; i++) byName[resourceName(i)] = `${1 + (i % 25)}m`
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
    reportCpu(f, measured, '<= 10 ms')
  })
}
