// An input set to '' gets action.yml's default: the runner applies a default only to an input the
// workflow leaves out, and a reusable workflow that passes `timeout: ${{ inputs.timeout }}` through
// hands the action '' when its caller gave nothing.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })

describe('inputs set to an empty string', () => {
  it('take action.yml defaults instead of failing', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-e2e-empty', 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        'resource-group-name': 'rg-e2e-empty',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1',
        // Each of these has a default in action.yml; '' is what the runner passes through.
        timeout: '',
        mode: '',
        wait: '',
        operation: '',
        'cancel-on-abort': '',
        'token-refresh-interval': ''
      }
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    // The defaults, not '': up to 6h of polling (action.yml's timeout), Incremental mode.
    expect(run.stdout).toMatch(/for up to 6h/)
    const put = e.requestLog().find((r) => r.method === 'PUT' && r.path.includes('/deployments/'))
    expect((put?.responseBody as { properties?: { mode?: string } })?.properties?.mode).toBe(
      'Incremental'
    )
  })
})
