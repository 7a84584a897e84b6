// What one action run's polling cost, from the emulator's request log (reads) and the /proc
// samples of the action process (CPU at the moment of each logged request).
import type { RequestLogEntry } from '../../emulator/src/index.js'
import { isDeploymentPut, type MeasuredRun } from './harness.js'
import { report } from './report.js'

/** Polls = GETs of the top-level deployment itself after the PUT (not its operations). */
export function pollFigures(log: RequestLogEntry[], deploymentName: string) {
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

export type PollFigures = ReturnType<typeof pollFigures>

/** A sampled process: the action's run, or the bare client's (node-floor.ts). */
type Sampled = Pick<MeasuredRun, 'sampler' | 'spawnedAt'>

/** CPU ms the process had used when the emulator logged `e`. */
function cpuAt(run: Sampled, e: RequestLogEntry | undefined): number {
  return e ? (run.sampler.at(Date.parse(e.realTime) - run.spawnedAt)?.cpuMs ?? 0) : 0
}

/** Whole poll cycles only: first poll's GET to the last poll's GET, over the cycles between. */
export function cpuPerPollCycle(f: PollFigures, run: Sampled): number | undefined {
  const cycles = f.polls - 1
  return cycles > 0 ? (cpuAt(run, f.lastPoll) - cpuAt(run, f.firstPoll)) / cycles : undefined
}

/**
 * CPU per poll two ways: whole cycles only, and everything from the PUT to exit over the polls,
 * which also carries the one-off end of the run (summary, outputs, exit) spread over the polls.
 */
export function reportCpu(f: PollFigures, run: MeasuredRun, target?: string): void {
  const perCycle = cpuPerPollCycle(f, run)
  if (perCycle !== undefined)
    report(
      'CPU per poll cycle (first poll to last poll, /proc)',
      `${perCycle.toFixed(1)} ms`,
      target
    )
  const end = run.sampler.last?.cpuMs ?? 0
  report(
    'CPU from the PUT to exit / polls (adds the end-of-run report)',
    `${((end - cpuAt(run, f.put)) / f.polls).toFixed(1)} ms  (last poll to exit: ${(end - cpuAt(run, f.lastPoll)).toFixed(0)} ms)`
  )
}

export function reportReads(f: PollFigures, target?: string): void {
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
