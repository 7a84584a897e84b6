// Attach and resume: a re-run whose deployment is still running waits for it instead of starting a
// duplicate; `wait: false` starts and returns, `operation: attach` waits in another process and
// reports as if it had started it; attaching to a finished deployment reports it at once.
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { deploymentState } from '../helpers/deployment-state.js'
import { sleep, useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs, startAction } from '../helpers/run-action.js'

// small.json takes about 6 emulated minutes here: 6 s real.
const emulator = useEmulator({
  timeScale: 60,
  scenario: { durations: { byName: { 'small-pip': '6m' } } }
})

const deployInputs = (e: StartedEmulator, extra: Record<string, string> = {}) => ({
  ...secretInputs(e),
  location: 'westeurope',
  'template-file': '__tests__/fixtures/e2e/small.json',
  'poll-interval': '1',
  ...extra
})

/** What an attach step needs: scope and sign-in inputs and the name; no template, no location. */
const attachInputs = (e: StartedEmulator, name: string) => ({
  ...secretInputs(e),
  scope: 'subscription',
  operation: 'attach',
  name,
  'poll-interval': '1'
})

const puts = (e: StartedEmulator, name: string) =>
  e
    .requestLog()
    .filter((r) => r.method === 'PUT' && r.path.includes(`/deployments/${name}?`))
    .map((r) => r.status)

describe('attach and resume', () => {
  it('a re-run after the runner died attaches to the running deployment and reports Succeeded', async () => {
    const e = emulator()
    // The default name: the same for every attempt of the run.
    const first = startAction({ emulator: e, inputs: deployInputs(e) })
    await first.waitForStdout(/Polling every/)
    const acceptedAt = Date.now()
    first.kill('SIGKILL')
    const died = await first.result
    const name = died.state['deployment-name']
    expect(name).toMatch(/^small-9876543210-[0-9a-f]{8}$/)

    await sleep(2000) // the re-run comes a while later
    const rerun = await runAction({
      emulator: e,
      inputs: deployInputs(e),
      env: { GITHUB_RUN_ATTEMPT: '2' }
    })
    expect(rerun.exitCode).toBe(0)
    expect(rerun.stdout).toContain(
      `Deployment '${name}' is already running in Azure for this same request (its name is this run's default name, so another attempt of this run started it): following it instead of starting it again.`
    )
    expect(rerun.stdout).toContain(
      `Attached to deployment '${name}' (it was already running this request): `
    )
    expect(rerun.summary).toContain(
      `Deployment ${name} was already running this same request (its name is this run's default name, so another attempt of this run started it); this run followed it instead of starting it again.`
    )
    expect(puts(e, name)).toEqual([201, 409])
    expect(rerun.outputs['deployment-name']).toBe(name)
    expect(rerun.outputs['provisioning-state']).toBe('Succeeded')
    expect(rerun.outputs.vnetName).toBe('small-vnet')
    // Duration counts from when Azure started it (ARM's own duration), not from the re-run.
    const sinceAccepted = (Date.now() - acceptedAt) / 1000
    expect(Number(rerun.outputs.duration)).toBeGreaterThanOrEqual(Math.floor(sinceAccepted) - 1)
    expect(rerun.summary).toContain(`Deployment ${name}: Succeeded`)
    expect(rerun.summary).toContain('| ✅ Succeeded | small-pip <sub>in small-module</sub> |')

    // A re-run of a deployment that SUCCEEDED deploys again, as users expect.
    const again = await runAction({
      emulator: e,
      inputs: deployInputs(e, { 'poll-interval': '2' }),
      env: { GITHUB_RUN_ATTEMPT: '3' }
    })
    expect(again.exitCode).toBe(0)
    expect(again.stdout).not.toContain('already running')
    expect(puts(e, name)).toEqual([201, 409, 201])
  })

  it('wait: false starts and returns; operation attach in a second process waits and reports', async () => {
    const e = emulator()
    const started = await runAction({
      emulator: e,
      inputs: deployInputs(e, { name: 'split-jobs', wait: 'false' })
    })
    expect(started.exitCode).toBe(0)
    expect(started.outputs['deployment-name']).toBe('split-jobs')
    expect(started.outputs['deployment-id']).toBe(
      `/subscriptions/${e.info.subscriptionId}/providers/Microsoft.Resources/deployments/split-jobs`
    )
    expect(started.outputs['provisioning-state']).toBe('Accepted')
    expect(started.outputs['correlation-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(started.outputs.duration).toBeUndefined()
    expect(started.summary).toContain('## ▶️ Deployment split-jobs: Accepted')
    expect(started.summary).toContain(
      `a step with \`operation: attach\`, \`name: split-jobs\`, \`scope: subscription\`, \`subscription-id: ${e.info.subscriptionId}\``
    )
    expect(await deploymentState(e, started.outputs['deployment-id'])).toMatch(/Accepted|Running/)

    const attached = await runAction({ emulator: e, inputs: attachInputs(e, 'split-jobs') })
    expect(attached.exitCode).toBe(0)
    expect(attached.stdout).toContain(
      "Attached to deployment 'split-jobs' (input 'operation' is attach): "
    )
    expect(attached.stdout).toMatch(/small-pip/) // progress, as for a run that started it
    expect(puts(e, 'split-jobs')).toEqual([201])
    expect(attached.outputs).toMatchObject({
      'deployment-name': 'split-jobs',
      'deployment-id': started.outputs['deployment-id'],
      'provisioning-state': 'Succeeded',
      'correlation-id': started.outputs['correlation-id'],
      vnetName: 'small-vnet'
    })
    expect(attached.summary).toContain('Deployment split-jobs: Succeeded')
    expect(attached.state['deployment-id']).toBe(started.outputs['deployment-id'])

    // Attaching to a finished deployment reports its result at once.
    const t0 = Date.now()
    // No template to read secure output names from: masked-outputs still applies.
    const late = await runAction({
      emulator: e,
      inputs: { ...attachInputs(e, 'split-jobs'), 'masked-outputs': 'vnetName' }
    })
    expect(late.exitCode).toBe(0)
    expect(late.stdout).toContain(
      "Attached to deployment 'split-jobs' (input 'operation' is attach): Succeeded"
    )
    expect(late.outputs['provisioning-state']).toBe('Succeeded')
    expect(late.outputs.vnetName).toBe('small-vnet')
    expect(late.stdout).toContain('::add-mask::small-vnet')
    expect(late.summary).toContain('| vnetName | *** |')
    expect(attached.summary).toContain('| vnetName | `small-vnet` |')
    expect(Number(late.outputs.duration)).toBeLessThan(Number(attached.outputs.duration) + 5)
    expect(Date.now() - t0).toBeLessThan(15_000)
  })

  it('attach to a name that does not exist: one clear error and a summary', async () => {
    const e = emulator()
    const run = await runAction({ emulator: e, inputs: attachInputs(e, 'no-such-deployment') })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      `There is no deployment 'no-such-deployment' at subscription scope (/subscriptions/${e.info.subscriptionId}/providers/Microsoft.Resources/deployments/no-such-deployment) to attach to: check the inputs 'name' and the scope inputs.`
    ])
    expect(run.summary).toContain('Deployment no-such-deployment could not be attached to')
  })
})
