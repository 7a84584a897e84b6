// What-if's result is polled through the same token-refreshing pipeline as a deployment: tokens
// revoked while ARM computes the changes are answered with a fresh one, not a failed step.
// Real time (time scale 1), so the revocation lands while the SDK's poller waits for the result.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 1, tokenLifetime: '60m' })

describe('operation whatIf and the token refresher', () => {
  it('re-acquires the token after a 401 while polling for the result', async () => {
    const e = emulator()
    // The emulator runs in this process: once its request log holds the what-if POST (accepted,
    // the result due 5 s later), every token issued so far is revoked, so the next status poll is
    // refused whatever the machine's load.
    let revoked = false
    const watch = setInterval(() => {
      const posted = e
        .requestLog()
        .some((r) => r.service === 'arm' && r.method === 'POST' && /\/whatIf\?/i.test(r.path))
      if (!posted) return
      clearInterval(watch)
      revoked = true
      e.addFault({ kind: 'revoke-tokens', at: `${Math.ceil(e.clock.emulatedElapsed())}ms` })
    }, 5)
    const run = await runAction({
      emulator: e,
      timeoutMs: 60_000,
      inputs: {
        ...secretInputs(e),
        'resource-group-name': 'rg-emulator',
        'template-file': '__tests__/fixtures/e2e/small.json',
        operation: 'whatIf'
      }
    }).finally(() => clearInterval(watch))
    expect(revoked).toBe(true)
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/ARM answered 401 \S+ to .+; retrying once with a new access token/)
    expect(JSON.parse(run.outputs['what-if-changes'])).toMatchObject({ Create: 2 })
    const arm = e.requestLog().filter((r) => r.service === 'arm')
    expect(arm.some((r) => r.status === 401)).toBe(true)
    expect(arm[arm.length - 1].status).toBe(200)
  })
})
