// OIDC with real 5-minute GitHub ID tokens at 60x (an ID token lives 5 s real): every Entra token
// request of the run carries an unexpired ID token, and the action mints one ID token per token
// acquisition, not one per assertion call (@azure/identity asks for the assertion twice per getToken).
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, runAction } from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  tokenLifetime: '60m',
  oidcTokenLifetime: '5m',
  scenario: { seed: 15, durations: { byName: { 'small-pip': '20m' } } }
})

describe('OIDC with 5-minute ID tokens', () => {
  it('mints one GitHub ID token per Entra token request, each unexpired when sent', async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      inputs: {
        ...emulatorInputs(e),
        'auth-type': 'oidc',
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1',
        // 4 real seconds (the action runs in real time) = 4 emulated minutes: longer than the
        // cache keeps an ID token (about 3 of its 5 minutes), so each acquisition needs a new one.
        'token-refresh-interval': '4s'
      }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')

    const log = e.requestLog()
    const posts = log.filter((r) => r.service === 'entra' && r.credentialKind === 'federated')
    const mints = log.filter((r) => r.service === 'oidc' && r.status === 200)
    expect(posts.length).toBeGreaterThanOrEqual(4)
    expect(posts.filter((r) => r.status !== 200 || r.assertionValid !== true)).toEqual([])
    // Each acquisition carried an ID token of its own...
    expect(new Set(posts.map((r) => r.idTokenId)).size).toBe(posts.length)
    // ...minted once: at most one spare mint (the two assertion calls straddling a renewal).
    expect(mints.length).toBeGreaterThanOrEqual(posts.length)
    expect(mints.length).toBeLessThanOrEqual(posts.length + 1)
    expect(Number(run.outputs['token-refreshes'])).toBeGreaterThanOrEqual(3)
  })
})
