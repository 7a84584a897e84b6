// Issue 4, fault 8: a compressed 6-hour run (OIDC, 60-90 minute access tokens,
// a resource that runs almost the whole time). The log volume per poll must not grow: the last hour
// logs no more per poll than the second (the first has the start-up lines). Resident memory of the
// action is sampled from /proc and compared as medians of whole hours after warm-up, so one GC or a
// noisy neighbour does not decide, with an absolute slack of 16 MB for heap sizing on a loaded
// machine (a leak over 6 hours of polls is far more); the benchmark script (scripts/bench.ts) prints
// the figures. ID tokens live 35 emulated minutes (5 s real; a 5-minute one would live 0.75 s real,
// less than a loaded machine may take from mint to token POST, and the emulator enforces exp exactly).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, startAction } from '../helpers/run-action.js'

const HOUR = 3_600_000
const emulator = useEmulator({
  // 6 emulated hours in about 55 real seconds; a poll (1 s) every 6.7 emulated minutes.
  timeScale: 400,
  oidcTokenLifetime: '35m',
  scenario: { seed: 6, durations: { byName: { 'small-pip': '5h50m' } } }
})

/** Resident set size of a process, kB, or undefined once it is gone. */
function rssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status)
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

describe('a compressed 6-hour run', () => {
  it('keeps log volume per poll flat and memory within 10 % (+16 MB)', async (ctx) => {
    const e = emulator()
    /** Stdout lines and RSS samples, stamped with emulated time. */
    const lines: Array<{ at: number; line: string }> = []
    const rss: Array<{ at: number; kb: number }> = []
    let partial = ''
    const action = startAction({
      emulator: e,
      timeoutMs: 115_000,
      inputs: {
        ...emulatorInputs(e),
        'auth-type': 'oidc',
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1'
      },
      onStdout: (text) => {
        const at = e.clock.emulatedElapsed()
        const parts = (partial + text).split('\n')
        partial = parts.pop() ?? ''
        for (const line of parts) lines.push({ at, line })
      }
    })
    const pid = action.child.pid
    expect(pid).toBeDefined()
    const sampler = setInterval(() => {
      const kb = rssKb(pid!)
      if (kb !== undefined) rss.push({ at: e.clock.emulatedElapsed(), kb })
    }, 200)
    const run = await action.result.finally(() => clearInterval(sampler))

    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    expect(e.clock.emulatedElapsed()).toBeGreaterThan(5.8 * HOUR)
    expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(3)

    const polls = e
      .requestLog()
      .filter(
        (r) => r.service === 'arm' && r.method === 'GET' && /\/deployments\/[^/?]+\?/.test(r.path)
      )
    const inHour = <T extends { at: number }>(items: T[], h: number) =>
      items.filter((i) => i.at >= h * HOUR && i.at < (h + 1) * HOUR)
    const pollsIn = (h: number) =>
      inHour(
        polls.map((p) => ({ at: p.emulatedMs })),
        h
      ).length
    const perPoll = (h: number) => {
      const window = inHour(lines, h)
      return {
        lines: window.length / pollsIn(h),
        bytes: window.reduce((n, l) => n + l.line.length + 1, 0) / pollsIn(h)
      }
    }
    expect(pollsIn(1)).toBeGreaterThanOrEqual(5)
    expect(pollsIn(5)).toBeGreaterThanOrEqual(5)
    const second = perPoll(1)
    const last = perPoll(5)
    // Only changes and a periodic heartbeat are logged, not the unchanged operations every poll ...
    expect(last.lines).toBeLessThan(1.5)
    // ... and heartbeats and token refreshes make a little per hour, but nothing that grows.
    expect(last.lines, JSON.stringify({ second, last })).toBeLessThanOrEqual(
      second.lines * 1.25 + 0.2
    )
    expect(last.bytes, JSON.stringify({ second, last })).toBeLessThanOrEqual(
      second.bytes * 1.25 + 20
    )

    // Memory after warm-up: the median of the second hour against the median of the last.
    const early = inHour(rss, 1).map((s) => s.kb)
    const late = inHour(rss, 5).map((s) => s.kb)
    expect(early.length).toBeGreaterThanOrEqual(10)
    expect(late.length).toBeGreaterThanOrEqual(10)
    await ctx.annotate(
      `per poll, hour 2: ${second.lines.toFixed(2)} lines / ${second.bytes.toFixed(0)} B; ` +
        `hour 6: ${last.lines.toFixed(2)} lines / ${last.bytes.toFixed(0)} B; ` +
        `RSS median hour 2: ${median(early)} kB, hour 6: ${median(late)} kB`
    )
    expect(
      median(late),
      `RSS kB: hour 2 ${median(early)}, hour 6 ${median(late)}`
    ).toBeLessThanOrEqual(median(early) * 1.1 + 16_384)
  })
})
