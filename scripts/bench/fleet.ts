// npm run bench:fleet: a GitHub Actions matrix of fifty legs under ARM's shared read limit. Fifty
// `node dist/index.js` processes at once against one emulator with the throttle fault on (ARM's
// read bucket: 250, refilled 25/s, per subscription and principal; every leg signs in as the same
// principal), each the hub-and-spoke sample (~95 emulated minutes) in its own resource group, OIDC.
// The bucket refills in emulated time and the poll interval is scaled by the same factor, so reads
// per emulated second, the figure that meets the bucket, are those of real 30 s polls (a poll's
// own real latency stretches too, 30 emulated seconds per real one, so reads come out a bit low).
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { RequestLogEntry, Scenario } from '../../emulator/src/index.js'
import { REPO_ROOT, startAction, type ActionRun } from '../lib/action-runner.js'
import { readProcess } from '../lib/process-sampler.js'
import { actionEnv, actionInputs, isDeploymentPut, withEmulator } from './harness.js'
import { mb, report, startSection } from './report.js'

const HUB = join(REPO_ROOT, 'examples', 'hub-and-spoke')
const LEGS = 50
/** 95 emulated minutes in about 3.2 real ones. */
const TIME_SCALE = 30
/** The action's default poll-interval, in emulated seconds; durations in inputs are whole seconds. */
const POLL_SECONDS = 30

/** Machine memory in use (MemTotal - MemAvailable), bytes: other work on the machine included. */
function machineMemoryBytes(): number {
  const info = readFileSync('/proc/meminfo', 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1])
  return (kb('MemTotal') - kb('MemAvailable')) * 1024
}

/**
 * `refillPerSecond`: the bucket's refill; ARM's is 25. A smaller one squeezes the fleet as if
 * other readers (or many more legs) shared the subscription and principal, to see 429s handled.
 */
export async function fleet(refillPerSecond = 25): Promise<void> {
  const realPoll = POLL_SECONDS / TIME_SCALE
  startSection(
    refillPerSecond === 25 ? 'fleet' : `fleet, refill ${refillPerSecond}/s`,
    `Fleet: ${LEGS} legs at once, hub-and-spoke each, OIDC, throttle fault on (250, ${refillPerSecond}/s), ` +
      `${TIME_SCALE}x, poll-interval ${POLL_SECONDS}s emulated (${realPoll}s real)`
  )
  const hub = JSON.parse(readFileSync(join(HUB, 'scenario.json'), 'utf8')) as Scenario
  const scenario: Scenario = { ...hub, faults: [{ kind: 'throttle', refillPerSecond }] }
  await withEmulator({ timeScale: TIME_SCALE, scenario }, async (em) => {
    const memoryBefore = machineMemoryBytes()
    const pids = new Set<number>()
    let peakFleetRss = 0
    let peakMachine = memoryBefore
    const sampler = setInterval(() => {
      let rss = process.memoryUsage.rss() // the emulator serves from this process
      for (const pid of pids) rss += readProcess(pid)?.rssBytes ?? 0
      peakFleetRss = Math.max(peakFleetRss, rss)
      peakMachine = Math.max(peakMachine, machineMemoryBytes())
    }, 500)
    const started = performance.now()
    let runs: ActionRun[]
    try {
      runs = await Promise.all(
        Array.from({ length: LEGS }, (_, leg) => {
          const group = `rg-fleet-${String(leg).padStart(2, '0')}`
          em.arm.createResourceGroup(em.info.subscriptionId, group, 'westeurope')
          return startAction({
            inputs: {
              ...actionInputs(em, 'oidc', {}),
              'resource-group-name': group,
              'template-file': relative(REPO_ROOT, join(HUB, 'azuredeploy.json')),
              'parameters-file': relative(REPO_ROOT, join(HUB, 'azuredeploy.parameters.json')),
              parameters: JSON.stringify({ vpnSharedKey: `fleet-not-a-secret-${leg}` }),
              name: `fleet-${leg}`,
              'poll-interval': `${realPoll}s`
            },
            env: actionEnv(em, 'oidc'),
            timeoutMs: 20 * 60_000,
            onSpawn: (pid) => pids.add(pid)
          }).result
        })
      )
    } finally {
      clearInterval(sampler)
    }
    const wallSeconds = (performance.now() - started) / 1000
    reportFleet(runs, em.requestLog(), wallSeconds, refillPerSecond)
    report('peak RSS of the fleet (50 actions + the emulator process)', mb(peakFleetRss))
    report(
      'peak machine memory in use (whole machine, other work included)',
      `${mb(peakMachine)} (${mb(memoryBefore)} before the fleet started)`
    )
  })
}

function reportFleet(
  runs: ActionRun[],
  log: RequestLogEntry[],
  wallSeconds: number,
  refillPerSecond: number
): void {
  const verdicts = new Map<string, number>()
  for (const r of runs) {
    const verdict = `${r.outputs['provisioning-state'] ?? 'no verdict'} (exit ${r.exitCode})`
    verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1)
  }
  const succeeded = runs.filter(
    (r) => r.exitCode === 0 && r.outputs['provisioning-state'] === 'Succeeded'
  ).length
  report(
    'verdicts',
    [...verdicts].map(([v, n]) => `${n} ${v}`).join(', '),
    `${LEGS} of ${LEGS} Succeeded`
  )
  if (succeeded < runs.length) {
    const firstError = runs.find((r) => r.errors.length > 0)?.errors[0]
    if (firstError) report('first error', firstError.split('\n')[0])
  }
  const failedPolls = runs.flatMap((r) => r.warnings.filter((w) => /^Poll \d+ failed/.test(w)))
  const legsWithFailures = runs.filter((r) =>
    r.warnings.some((w) => /^Poll \d+ failed/.test(w))
  ).length
  report(
    'failed polls (warnings "Poll N failed")',
    `${failedPolls.length} in ${legsWithFailures} legs${failedPolls[0] ? `; first: ${failedPolls[0].slice(0, 140)}` : ''}`,
    '0'
  )
  const throttledWaits = runs.reduce(
    (n, r) => n + (r.stdout.match(/ARM is throttling \(Retry-After/g)?.length ?? 0),
    0
  )
  report('polls delayed by Retry-After (the action said so)', String(throttledWaits))

  const armReads = log.filter(
    (e) => e.service === 'arm' && (e.method === 'GET' || e.method === 'HEAD')
  )
  const throttled = armReads.filter((e) => e.status === 429).length
  report('ARM 429s (emulator request log)', String(throttled))
  const served = armReads.length - throttled
  const hours = deploymentHours(log)
  report(
    'ARM reads in all (served + 429)',
    `${armReads.length} (${served} + ${throttled}) over ${hours.toFixed(1)} deployment-hours`
  )
  report('ARM reads per deployment-hour', (armReads.length / hours).toFixed(0))
  const span = emulatedSpanSeconds(armReads)
  report(
    'fleet ARM reads per emulated second (mean over the run)',
    `${(armReads.length / span).toFixed(2)} (bucket refills ${refillPerSecond}/s)`
  )
  const oidc = log.filter((e) => e.service === 'oidc').length
  const entra = log.filter((e) => e.service === 'entra' && e.method === 'POST').length
  report('GitHub ID tokens / Entra token requests', `${oidc} / ${entra}`)
  report('wall time', `${wallSeconds.toFixed(0)} s`)
}

/** Per leg, emulated time from its PUT to its last read, summed, in hours. */
function deploymentHours(log: RequestLogEntry[]): number {
  const spans = new Map<string, { from: number; to: number }>()
  for (const e of log) {
    if (e.service !== 'arm') continue
    const name = /\/deployments\/(fleet-\d+)/.exec(e.path)?.[1]
    if (!name) continue
    const span = spans.get(name)
    if (isDeploymentPut(e) && !span) spans.set(name, { from: e.emulatedMs, to: e.emulatedMs })
    else if (span) span.to = Math.max(span.to, e.emulatedMs)
  }
  let ms = 0
  for (const { from, to } of spans.values()) ms += to - from
  return ms / 3_600_000
}

function emulatedSpanSeconds(entries: RequestLogEntry[]): number {
  const times = entries.map((e) => e.emulatedMs)
  return (Math.max(...times) - Math.min(...times)) / 1000
}
