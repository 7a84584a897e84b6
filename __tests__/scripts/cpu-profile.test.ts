import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { formatSummary, summariseProfile } from '../../scripts/bench/cpu-profile.js'

const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const frame = (functionName: string, url = '') => ({
  functionName,
  url,
  lineNumber: 0,
  columnNumber: 0
})

/** Samples every 1 ms: idle, then a poll (track twice, an HTTP write once), then idle. */
function writeProfile(): string {
  const file = join(dir, 'test.cpuprofile')
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)') },
      { id: 2, callFrame: frame('track', 'file:///repo/src/deployment/operation-tracker.ts') },
      { id: 3, callFrame: frame('writeLatin1String') },
      { id: 4, callFrame: frame('onStreamRead', 'node:internal/stream_base_commons') }
    ],
    samples: [1, 1, 2, 2, 3, 4, 1, 1],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]
  }
  writeFileSync(file, JSON.stringify(profile))
  return file
}

describe('summariseProfile', () => {
  it('sums self time per function and part inside the window only', () => {
    // Samples at 1..8 ms; the window [3, 7) holds the poll: track, track, write, read.
    const s = summariseProfile(writeProfile(), undefined, 3, 7)
    expect(s.totalMs).toBe(4)
    expect(s.parts).toEqual([
      { name: 'src/deployment/', ms: 2 },
      { name: 'writeLatin1String', ms: 1 },
      { name: 'node: built-ins', ms: 1 }
    ])
    expect(s.functions[0]).toEqual({
      name: 'track (src/deployment/operation-tracker.ts)',
      ms: 2
    })
  })

  it('leaves idle out of the shares and reports per poll cycle', () => {
    const text = formatSummary(summariseProfile(writeProfile(), undefined), 5, 2)
    expect(text).toContain('busy (not idle) in the window: 4 ms, 2.0 ms per poll cycle')
    expect(text).toContain('50.0 %  src/deployment/')
    expect(text).not.toContain('(idle)')
  })
})
