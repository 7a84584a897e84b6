// The az CLI beside the action on the same emulator: whole-process time of starting a
// subscription deployment without waiting (six rounds beside Node's floor, median of the
// ratios), and the CPU of one `az deployment sub show`, the poll of the shell loop users write
// today. Debian's az 2.45 talks to the emulator as a custom cloud whose AD endpoint ends in /adfs
// (see __tests__/az-cli/az-cli.test.ts). Without az on PATH the rows say so and are skipped.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { REPO_ROOT, runAction } from '../lib/action-runner.js'
import { exitedChildrenCpuMs } from '../lib/process-sampler.js'
import { ARM_API_VERSION } from '../../src/azure/versions.js'
import { actionEnv, actionInputs, withEmulator, writeTemplate } from './harness.js'
import { bareFailure, runBare } from './node-floor.js'
import { median, report, startSection } from './report.js'

const LOCATION = 'westeurope'

export function findAz(): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'az'))
    .find((file) => existsSync(file))
}

const azFailure = (r: Timed) =>
  `az failed (exit ${r.code}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`

interface Timed {
  code: number
  stderr: string
  wallMs: number
  cpuMs: number
}

/** Runs az asynchronously (the emulator answers from this process) with its own config dir. */
function azRunner(az: string, em: StartedEmulator, configDir: string) {
  const env = {
    ...process.env,
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: em.info.caCertPath,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_SURVEY_MESSAGE: 'false'
  }
  return (...args: string[]): Promise<Timed> =>
    new Promise((resolve) => {
      const cpuBefore = exitedChildrenCpuMs()
      const started = performance.now()
      execFile(az, [...args, '-o', 'none'], { env, timeout: 120_000 }, (error, _out, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stderr,
          wallMs: performance.now() - started,
          cpuMs: exitedChildrenCpuMs() - cpuBefore
        })
      })
    })
}

/** A subscription template of one resource group: the smallest real subscription deployment. */
function subscriptionTemplate(): string {
  return writeTemplate('subscription-rg.json', {
    $schema:
      'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Resources/resourceGroups',
        apiVersion: '2022-09-01',
        name: 'rg-bench-az',
        location: LOCATION
      }
    ]
  })
}

/** The six orders of the three starters, one round each. */
const ORDERS = [
  ['ours', 'az', 'bare'],
  ['az', 'bare', 'ours'],
  ['bare', 'ours', 'az'],
  ['ours', 'bare', 'az'],
  ['bare', 'az', 'ours'],
  ['az', 'ours', 'bare']
]

/**
 * `rounds` rounds of three whole-process starts, in every order in turn so no one always runs on
 * a warmer cache: the action, az, and Node's floor (node-floor.ts: the same token request and PUT
 * from bare node:https); then `az deployment sub show` three times. `oursPerPollMs`: the action's
 * CPU per poll cycle in the hub run, for the per-poll ratio.
 */
export async function azComparison(oursPerPollMs: number | undefined, rounds = 6): Promise<void> {
  startSection(
    'az CLI',
    `The az CLI beside the action, same emulator: start without waiting (${rounds} rounds, with Node's floor), and one poll`
  )
  const az = findAz()
  if (!az) {
    report('cold start vs az CLI', 'skipped: az is not on PATH (apt-get install -y azure-cli)')
    report('az deployment sub show per poll', 'skipped: az is not on PATH')
    return
  }
  const configDir = mkdtempSync(join(tmpdir(), 'bench-az-'))
  try {
    await withEmulator({ timeScale: 60, scenario: {} }, async (em) => {
      const run = azRunner(az, em, configDir)
      const failed = (what: string, r: Timed) => report(what, azFailure(r))
      const login = await signIn(run, em)
      if (login.code !== 0) return failed('cold start vs az CLI', login)

      const template = subscriptionTemplate()
      const body = {
        location: LOCATION,
        properties: {
          mode: 'Incremental',
          template: JSON.parse(readFileSync(join(REPO_ROOT, template), 'utf8')) as unknown
        }
      }
      // Wall ms of one whole-process start without waiting, or a line saying why it failed.
      const starters: Record<string, (i: number) => Promise<number | string>> = {
        az: async (i) => {
          const r = await run(
            ...['deployment', 'sub', 'create', '-l', LOCATION, '-n', `az-cold-${i}`],
            ...['--template-file', join(REPO_ROOT, template), '--no-wait']
          )
          return r.code === 0 ? r.wallMs : azFailure(r)
        },
        ours: async (i) => {
          const r = await runAction({
            inputs: {
              ...actionInputs(em, 'secret', {}),
              'resource-group-name': '',
              scope: 'subscription',
              location: LOCATION,
              'template-file': template,
              name: `action-cold-${i}`,
              wait: 'false'
            },
            env: actionEnv(em, 'secret')
          })
          return r.exitCode === 0 ? r.durationMs : `the action failed: ${r.errors[0] ?? ''}`
        },
        bare: async (i) => {
          const path = `/subscriptions/${em.info.subscriptionId}/providers/Microsoft.Resources/deployments/bare-cold-${i}?api-version=${ARM_API_VERSION}`
          const r = await runBare(em, { put: { path, body } })
          return r.code === 0 ? r.wallMs : bareFailure(r)
        }
      }
      const times: Record<string, number[]> = { az: [], ours: [], bare: [] }
      const ratios: number[] = []
      let bareFailed: string | undefined
      for (let i = 0; i < rounds; i++) {
        // Every order of the three in turn, so no one always runs first or after the same other.
        for (const who of ORDERS[i % ORDERS.length]) {
          if (who === 'bare' && bareFailed) continue
          const ms = await starters[who](i)
          if (typeof ms === 'number') times[who].push(ms)
          else if (who === 'bare') bareFailed = ms
          else return report('cold start vs az CLI', ms)
        }
        ratios.push(times.az[i] / times.ours[i])
      }
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
      report(
        'start, no wait, whole process (median): action vs az deployment sub create --no-wait',
        `${s(median(times.ours))} vs ${s(median(times.az))}`
      )
      report(
        'cold start vs az CLI',
        `${median(ratios).toFixed(1)}× faster  (ratios ${ratios.map((r) => r.toFixed(1)).join(', ')})`,
        '>= 5× faster'
      )
      const bareRatios = times.bare.map((bare, i) => times.az[i] / bare)
      report(
        "Node's floor: the same token request and PUT from bare node:https, whole process (median)",
        bareFailed ??
          `${s(median(times.bare))}: ${median(bareRatios).toFixed(1)}× faster than az; 5× az is ${s(median(times.az) / 5)}`
      )

      const shows: number[] = []
      for (let i = 0; i < 3; i++) {
        const r = await run('deployment', 'sub', 'show', '-n', 'az-cold-0')
        if (r.code !== 0) return failed('az deployment sub show per poll', r)
        shows.push(r.cpuMs)
      }
      const show = median(shows)
      report(
        'az deployment sub show per poll, CPU (median of 3)',
        `${(show / 1000).toFixed(2)} s`,
        'reported beside ours as a ratio'
      )
      report(
        'az show per poll vs this action per poll (hub)',
        oursPerPollMs === undefined
          ? 'n/a (hub run not measured)'
          : `${Math.round(show / oursPerPollMs)}× the CPU (${(show / 1000).toFixed(2)} s vs ${oursPerPollMs.toFixed(1)} ms)`
      )
    })
  } finally {
    rmSync(configDir, { recursive: true, force: true })
  }
}

async function signIn(run: ReturnType<typeof azRunner>, em: StartedEmulator): Promise<Timed> {
  const i = em.info
  const endpoint = `${i.armEndpoint}/`
  const register = await run(
    ...['cloud', 'register', '-n', 'Emulator', '--endpoint-resource-manager', endpoint],
    ...['--endpoint-active-directory', `${i.authorityHost}/adfs`],
    ...['--endpoint-active-directory-resource-id', endpoint],
    ...['--endpoint-active-directory-graph-resource-id', endpoint],
    ...['--endpoint-management', endpoint]
  )
  if (register.code !== 0) return register
  const set = await run('cloud', 'set', '-n', 'Emulator')
  if (set.code !== 0) return set
  return run(
    ...['login', '--service-principal', '-u', i.clientId, '-p', i.clientSecret],
    ...['--tenant', i.tenantId]
  )
}
