// Node's floor beside the action's figures: bare-client.mjs sends the same requests with plain
// node:https (a `wait: false` start's token request and PUT; a run's poll GETs replayed at its
// interval), measured the way the action is (whole-process wall time; /proc CPU between logged
// requests; peak RSS). What is left between the two is what the libraries and the action cost.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
  stdout: string
  stderr: string
  wallMs: number
  spawnedAt: number
  sampler: ProcessSampler
}

interface Put {
  path: string
  body: unknown
}

type Plan =
  { put: Put } | { put?: Put; cycles: string[][]; firstDelayMs?: number; intervalMs: number }

/**
 * Runs bare-client.mjs with this Node against `em`, signed in with its client secret; killed after
 * `timeoutMs` (the run then fails with the signal's exit code).
 */
export function runBare(em: StartedEmulator, plan: Plan, timeoutMs = 150_000): Promise<BareRun> {
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
    const mode = 'cycles' in plan ? 'replay' : 'start'
    const child = spawn(process.execPath, [BARE_CLIENT, mode, file], {
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: i.caCertPath },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const spawnedAt = Date.now()
    const sampler = new ProcessSampler(child.pid!)
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      sampler.stop()
      rmSync(dir, { recursive: true, force: true })
      if (signal) stderr += `bare-client: killed (${signal}) after ${timeoutMs} ms\n`
      resolve({ code, stdout, stderr, wallMs: performance.now() - started, spawnedAt, sampler })
    })
  })
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** Matches the URL of deployment `name` itself (not its operations, not a longer name). */
const ownUrl = (name: string) => new RegExp(`/deployments/${escape(name)}\\?`, 'i')
/** Matches `/deployments/<name>` followed by `/` or `?`: the deployment, not a longer name. */
const deploymentSegment = (name: string) => new RegExp(`/deployments/${escape(name)}(?=[/?])`, 'i')

/** The PUT of deployment `name` in `log`, if any. */
function putOf(log: RequestLogEntry[], name: string): number {
  const self = ownUrl(name)
  return log.findIndex((e) => e.service === 'arm' && e.method === 'PUT' && self.test(e.path))
}

/**
 * The ARM GETs after the deployment's PUT, one cycle per poll: a cycle starts at each GET of the
 * deployment itself (the verdict) and holds the listings read until the next. None without a PUT.
 */
export function pollCycles(log: RequestLogEntry[], deploymentName: string): string[][] {
  const put = putOf(log, deploymentName)
  if (put < 0) return []
  const self = ownUrl(deploymentName)
  const cycles: string[][] = []
  for (const e of log.slice(put + 1)) {
    if (e.service !== 'arm' || e.method !== 'GET') continue
    if (self.test(e.path)) cycles.push([e.path])
    else cycles.at(-1)?.push(e.path)
  }
  return cycles
}

/** `path` with deployment `from` (its own URL or its operations') renamed to `to`. */
export function renameDeployment(path: string, from: string, to: string): string {
  return path.replace(deploymentSegment(from), `/deployments/${to}`)
}

/** One line for a failed bare run: its exit code and the last line it wrote. */
export function bareFailure(r: BareRun): string {
  return `the bare client failed (exit ${r.code}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`
}

/**
 * Node's floor for a run of deployment `name` on `em`: a twin deployment (`body`, the same
 * template and parameters, named `<name>-floor`) is PUT by the bare client, which then reads it
 * with the action's own poll cycles (its paths renamed), as long after the PUT as the action's
 * first poll came and at the action's interval, so each read meets a deployment as far along as
 * the action's did. Reports the CPU per poll cycle beside the action's; a 401 the bare client
 * met (its token expiring under compressed time; it signs in again and repeats the read) is not
 * counted as a poll.
 */
export async function pollFloor(
  em: StartedEmulator,
  name: string,
  body: unknown,
  intervalMs: number,
  oursMs: number | undefined
): Promise<BareRun | undefined> {
  const row = "Node's floor: the same GETs from bare node:https, CPU per poll cycle"
  const log = em.requestLog()
  const put = log[putOf(log, name)]
  const twin = `${name}-floor`
  const cycles = pollCycles(log, name).map((c) => c.map((p) => renameDeployment(p, name, twin)))
  if (!put || cycles.length < 2) {
    report(row, 'n/a (fewer than two polls to replay)')
    return undefined
  }
  const self = ownUrl(name)
  const firstPoll = log.find((e) => e.seq > put.seq && e.method === 'GET' && self.test(e.path))!
  const before = log.length
  const r = await runBare(
    em,
    {
      put: { path: renameDeployment(put.path, name, twin), body },
      cycles,
      firstDelayMs: Date.parse(firstPoll.realTime) - Date.parse(put.realTime),
      intervalMs
    },
    cycles.length * intervalMs + 60_000
  )
  if (r.code !== 0) {
    report(row, bareFailure(r))
    return undefined
  }
  const answered = em
    .requestLog()
    .slice(before)
    .filter((e) => e.status < 400)
  const floor = cpuPerPollCycle(pollFigures(answered, twin), r)
  if (floor === undefined) {
    report(row, 'n/a (no replayed poll was logged)')
    return undefined
  }
  const gap = oursMs === undefined ? '' : `; the action ${(oursMs - floor).toFixed(1)} ms above it`
  report(row, `${floor.toFixed(1)} ms${gap}`)
  report("  the twin deployment's state at each replayed poll", statesSeen(r.stdout))
  return r
}

/** "Running 47, Succeeded 1" from the bare client's JSON line. */
function statesSeen(stdout: string): string {
  try {
    const { states } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
      states: Record<string, number>
    }
    return Object.entries(states)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')
  } catch {
    return 'not reported'
  }
}

/**
 * The PUT body of a twin deployment: the template file (relative to the repository, as the bench
 * passes it) and ARM parameter values ({ name: { value } }).
 */
export function twinBody(templateFile: string, parameters: Record<string, unknown> = {}): unknown {
  const template = JSON.parse(readFileSync(join(REPO_ROOT, templateFile), 'utf8')) as unknown
  return { properties: { mode: 'Incremental', template, parameters } }
}
