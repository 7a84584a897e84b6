// Runs last (vitest.config.ts, project `secret-scan`): every action run of this vitest invocation
// left what it printed and wrote, and the secrets it knew of, in the artifacts directory; none of
// those secrets may appear in any run's stdout (but its `::add-mask::` lines), stderr, outputs
// (but a declared secure output's own entry), job summary or state.
import { describe, expect, it } from 'vitest'
import { ARTIFACTS_ENV, loadRuns, scanRuns } from '../helpers/secret-scan.js'

describe('secret hygiene across every end-to-end run', () => {
  it('no client secret, token, ID token, secure parameter or secure output leaked', (ctx) => {
    const dir = process.env[ARTIFACTS_ENV]
    const runs = dir ? loadRuns(dir) : new Map()
    // Run alone (no end-to-end test ran in this invocation), there is nothing to scan; under CI
    // the whole suite ran, so no runs means the artifacts were never saved: a broken scan.
    if (runs.size === 0) {
      expect(process.env.CI, `no action runs saved in ${dir}`).not.toBe('true')
      ctx.skip()
    }
    const secrets = new Set([...runs.values()].flatMap((r) => r.secrets))
    expect(secrets.size).toBeGreaterThan(0)
    const findings = scanRuns(runs)
    expect(findings, `scanned ${runs.size} runs in ${dir} for ${secrets.size} secrets`).toEqual([])
  })
})
