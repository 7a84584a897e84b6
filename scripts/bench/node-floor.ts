// Node's floor beside the action's figures: bare-client.mjs sends the same requests with plain
// node:https (a `wait: false` start's token request and PUT; a run's poll GETs replayed at its
// interval), measured the way the action is (whole-process wall time; /proc CPU between logged
// requests; peak RSS). What is left between the two is what the libraries and the action cost.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RequestLogEntry, StartedEmulator } from '../../emulator/src/index.js'
import { REPO_ROOT } from '../lib/action-runner.js'
import { ProcessSampler } from '../lib/process-sampler.js'
import { cpuPerPollCycle, pollFigures } from './poll-figures.js'
import { report } from './report.js'

const BARE_CLIENT = join(REPO_ROOT, 'scripts', 'bench', 'bare-client.mjs')

export interface BareRun {
  code: number | null
  stderr: string
  wallMs: number
  spawnedAt: number
  sampler: ProcessSampler
}

type Plan = { put: { path: string; body: unknown } } | { cycles: string[][]; intervalMs: number }

/** Runs bare-client.mjs with this Node against `em`, signed in with its client secret. */
export function runBare(em: StartedEmulator, plan: Plan): Promise<BareRun> {
  const i = em.info
  const dir = mkdtempSync(join(tmpdir(), 'bare-plan-'))
  const file = join(dir, 'plan.json')
  writeFileSync(
    file,
    JSON.stringify({
      armEndpoint: i.armEndpoint.replace(/\/$/, ''),
      tokenUrl: `${i.authorityHost.replace(/\/$/, '')}/${i.tenantId}/oauth2/v2.0/token`,
      clientId: i.clientId,
      clientSecret: i.clientSecret,
      scope: `${i.armEndpoint.replace(/\/$/, '')}/.default`,
      ...plan
    })
  )
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BARE_CLIENT, 'put' in plan ? 'start' : 'replay', file], {
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: i.caCertPath },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    const spawnedAt = Date.now()
    const sampler = new ProcessSampler(child.pid!)
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      sampler.stop()
      rmSync(dir, { recursive: true, force: true })
      resolve({ code, stderr, wallMs: performance.now() - started, spawnedAt, sampler })
    })
  })
}

/**
 * The ARM GETs after the deployment's PUT, one cycle per poll: a cycle starts at each GET of the
 * deployment itself (the verdict) and holds the listings read until the next.
 */
export function pollCycles(log: RequestLogEntry[], deploymentName: string): string[][] {
  const put = log.findIndex(
    (e) => e.service === 'arm' && e.method === 'PUT' && e.path.includes(`/${deploymentName}?`)
  )
  const self = new RegExp(`/deployments/${deploymentName}\\?`, 'i')
  const cycles: string[][] = []
  for (const e of log.slice(put + 1)) {
    if (e.service !== 'arm' || e.method !== 'GET') continue
    if (self.test(e.path)) cycles.push([e.path])
    else cycles.at(-1)?.push(e.path)
  }
  return cycles
}

/** One line for a failed bare run: its exit code and the last line it wrote. */
export function bareFailure(r: BareRun): string {
  return `the bare client failed (exit ${r.code}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`
}

/**
 * Replays the action's poll cycles of `deploymentName` (already run on `em`) with the bare client
 * at the action's interval, and reports its CPU per poll cycle beside the action's.
 */
export async function pollFloor(
  em: StartedEmulator,
  deploymentName: string,
  intervalMs: number,
  oursMs: number | undefined
): Promise<BareRun | undefined> {
  const cycles = pollCycles(em.requestLog(), deploymentName)
  const name = "Node's floor: the same GETs from bare node:https, CPU per poll cycle"
  if (cycles.length < 2) {
    report(name, 'n/a (fewer than two polls to replay)')
    return undefined
  }
  const before = em.requestLog().length
  const r = await runBare(em, { cycles, intervalMs })
  if (r.code !== 0) {
    report(name, bareFailure(r))
    return undefined
  }
  const floor = cpuPerPollCycle(pollFigures(em.requestLog().slice(before), deploymentName), r)
  if (floor === undefined) {
    report(name, 'n/a (no replayed poll was logged)')
    return undefined
  }
  const gap = oursMs === undefined ? '' : `; the action ${(oursMs - floor).toFixed(1)} ms above it`
  report(name, `${floor.toFixed(1)} ms${gap}`)
  return r
}
