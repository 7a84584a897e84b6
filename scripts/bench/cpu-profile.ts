// Where the action's CPU goes, from a V8 .cpuprofile (node --cpu-prof) of `node dist/index.js`:
// self time per function and per part (package or src/ folder), within a window of the run (the
// poll cycles, not start-up). dist/ is minified, so positions are mapped back to sources with the
// source map of bundle-cost's twin build (the same code) and Node's own module.SourceMap.
import { readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { partOf } from './bundle-cost.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  /** µs between samples, the first from startTime. */
  timeDeltas: number[]
}

export interface CpuShare {
  name: string
  ms: number
}

export interface CpuSummary {
  totalMs: number
  functions: CpuShare[]
  parts: CpuShare[]
}

/**
 * Self time inside [fromMs, toMs) of the profile (ms since the profiler started, about process
 * start). `mapFile`: the bundle's source map; frames of dist/index.js are mapped through it.
 */
export function summariseProfile(
  profileFile: string,
  mapFile: string | undefined,
  fromMs = 0,
  toMs = Infinity
): CpuSummary {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile
  const map = mapFile
    ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload)
    : undefined
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  let at = 0
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0
    const ms = at / 1000
    if (ms < fromMs || ms >= toMs) continue
    const id = profile.samples[i]
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
  }
  const functions = new Map<string, number>()
  const parts = new Map<string, number>()
  let totalUs = 0
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber, columnNumber } = byNode.get(id)!.callFrame
    const name = functionName || '(anonymous)'
    let source = url
    if (map && url.endsWith('/dist/index.js')) {
      const origin = map.findEntry(lineNumber, columnNumber)
      if ('originalSource' in origin && origin.originalSource) source = origin.originalSource
    }
    const part = url === '' ? name : /^node:/.test(url) ? 'node: built-ins' : partOf(source)
    const where = url === '' ? '' : ` (${source.replace(/^.*(node_modules|src)\//, '$1/')})`
    add(functions, `${name}${where}`, us)
    add(parts, part, us)
    totalUs += us
  }
  const top = (m: Map<string, number>) =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms)
  return { totalMs: totalUs / 1000, functions: top(functions), parts: top(parts) }
}

function add(m: Map<string, number>, key: string, us: number): void {
  m.set(key, (m.get(key) ?? 0) + us)
}

/**
 * The summary as text: the top `n` parts and functions with their share of the busy time (the
 * window less `(idle)`), and per poll when `polls` is given.
 */
export function formatSummary(s: CpuSummary, n = 20, polls?: number): string {
  const busy = (xs: CpuShare[]) => xs.filter((x) => x.name !== '(idle)')
  const busyMs = busy(s.parts).reduce((sum, x) => sum + x.ms, 0)
  const line = (x: CpuShare) =>
    `    ${x.ms.toFixed(0).padStart(6)} ms  ${((100 * x.ms) / busyMs).toFixed(1).padStart(5)} %  ${x.name}`
  return [
    `  busy (not idle) in the window: ${busyMs.toFixed(0)} ms` +
      (polls ? `, ${(busyMs / polls).toFixed(1)} ms per poll cycle under the profiler` : ''),
    '  by part:',
    ...busy(s.parts).slice(0, n).map(line),
    '  by function:',
    ...busy(s.functions).slice(0, n).map(line)
  ].join('\n')
}
