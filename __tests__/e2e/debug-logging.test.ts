// The Azure SDK's log reaches the step log only when the run has debug logging on, and carries no
// token or secret even then.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60 })

describe('Azure SDK logging', () => {
  it.each([
    ['on with RUNNER_DEBUG', '1'],
    ['off by default', undefined]
  ])('is %s', async (_what, debug) => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      env: { RUNNER_DEBUG: debug },
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1'
      }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    const sdkLines = run.stdout.split('\n').filter((l) => /^::debug::azure:/.test(l))
    if (debug) {
      expect(
        sdkLines.some((l) => l.startsWith('::debug::azure:arm-resourcesdeployments:info Request:'))
      ).toBe(true)
      expect(sdkLines.some((l) => l.startsWith('::debug::azure:identity:info'))).toBe(true)
      // The SDK's redaction is what keeps secrets out; check it is at work.
      expect(sdkLines.some((l) => l.includes('REDACTED'))).toBe(true)
      for (const secret of e.issuedSecrets())
        expect(sdkLines.join('\n').includes(secret)).toBe(false)
    } else {
      expect(sdkLines).toEqual([])
    }
  })
})
