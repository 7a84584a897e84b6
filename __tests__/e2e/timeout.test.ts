// A deployment that outlasts `timeout`: exit 1, say it is still running in Azure and how to attach,
// and write the outputs and the summary all the same.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  scenario: { neverEnd: [{ resourceName: 'small-pip' }] }
})

describe('the timeout verdict', () => {
  it('leaves the deployment running and says how to wait for it again', async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1',
        timeout: '4s'
      }
    })
    expect(run.exitCode).toBe(1)
    const name = run.outputs['deployment-name']
    expect(name).toMatch(/^small-9876543210-[0-9a-f]{8}$/)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(
      `Gave up waiting for deployment ${name} after 4s (input 'timeout'); it is still running in Azure.`
    )
    expect(run.errors[0]).toContain(
      `re-run this job (every attempt of this run uses the name ${name}) or run the action with \`name: ${name}\``
    )
    expect(run.outputs['provisioning-state']).toBe('Running')
    expect(run.state['deployment-id']).toBe(run.outputs['deployment-id'])
    expect(run.summary).toContain(`Deployment ${name}: TimedOut`)
    expect(run.summary).toContain('| ⏳ Running | small-pip <sub>in small-module</sub> |')
    // Still running in the emulator: nobody canceled it.
    const cancels = e.requestLog().filter((r) => r.method === 'POST' && r.path.includes('/cancel'))
    expect(cancels).toEqual([])
  })
})
