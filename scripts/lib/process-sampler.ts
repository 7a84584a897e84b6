// Samples a child process's CPU time and peak RSS from /proc (Linux), so the bench can measure
// `node dist/index.js` from outside without instrumenting it.
import { readFileSync } from 'node:fs'

export interface ProcessSample {
  /** Real ms since the sampler started. */
  atMs: number
  /** User + system CPU ms so far. */
  cpuMs: number
  /** Resident set size now, bytes. */
  rssBytes: number
  /** Peak resident set size so far (VmHWM), bytes. */
  peakRssBytes: number
}

const TICKS_PER_SECOND = 100 // USER_HZ: 100 on every Linux the runners use

export function readProcess(pid: number): Omit<ProcessSample, 'atMs'> | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
    return { cpuMs, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') }
  } catch {
    return undefined // the process has exited
  }
}

/** Samples `pid` every `intervalMs` until stopped; keeps every sample. */
export class ProcessSampler {
  readonly samples: ProcessSample[] = []
  private readonly started = performance.now()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    intervalMs = 50
  ) {
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  sample(): void {
    const s = readProcess(this.pid)
    if (s) this.samples.push({ atMs: performance.now() - this.started, ...s })
  }

  stop(): ProcessSample[] {
    clearInterval(this.timer)
    return this.samples
  }

  /** The last sample taken at or before `atMs` (real ms since start). */
  at(atMs: number): ProcessSample | undefined {
    let found: ProcessSample | undefined
    for (const s of this.samples) if (s.atMs <= atMs) found = s
    return found
  }

  get last(): ProcessSample | undefined {
    return this.samples.at(-1)
  }
}

/**
 * CPU ms (user + system) of this process's children that have exited and been waited for
 * (cutime + cstime of /proc/self/stat): read before and after one child runs, the difference is
 * that child's CPU, grandchildren it waited for included (az is a shell script running python).
 */
export function exitedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND
}
