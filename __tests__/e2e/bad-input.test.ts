// Bad input ends with one error naming the input, exit 1, and nothing sent to ARM.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, runAction } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60 })

describe('bad input', () => {
  it.each([
    [
      'poll-interval',
      { 'poll-interval': 'often' },
      "Input 'poll-interval' has 'often': expected a positive duration like 30s, 45m, 1h30m or a number of seconds."
    ],
    [
      'location',
      { location: '' },
      "Input 'location' is required for scope 'subscription': expected an Azure region like westeurope."
    ],
    [
      'name',
      { name: 'hub deploy' },
      "Input 'name' has 'hub deploy': only letters, digits, and - _ . ( ) are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters)."
    ]
  ])('%s', async (_input, bad, message) => {
    const e = emulator()
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...emulatorInputs(e),
        'client-secret': e.info.clientSecret,
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        ...bad
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([message])
    expect(e.requestLog().slice(before)).toEqual([])
  })

  it('asks for `permissions: id-token: write` when OIDC is impossible', async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      oidc: false,
      inputs: {
        ...emulatorInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('`permissions: id-token: write`')
  })
})
