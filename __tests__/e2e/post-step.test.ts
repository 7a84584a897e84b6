// The post step is the backstop for cancel-on-abort: when the main step is killed (kill -9) before
// it could cancel, the post step, run as the runner runs it (same inputs, the saved state as
// STATE_<name> variables), cancels the deployment. Otherwise it does nothing and says nothing.
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { deploymentState } from '../helpers/deployment-state.js'
import { useEmulator } from '../helpers/emulator.js'
import { type ActionRun, runAction, secretInputs, startAction } from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  scenario: { neverEnd: [{ resourceName: 'small-pip' }] }
})

const inputsFor = (e: StartedEmulator, extra: Record<string, string>) => ({
  ...secretInputs(e),
  location: 'westeurope',
  'template-file': '__tests__/fixtures/e2e/small.json',
  'poll-interval': '1',
  ...extra
})

/** The main step, killed -9 once it polls. */
async function killedMainStep(e: StartedEmulator, inputs: Record<string, string>) {
  const main = startAction({ emulator: e, inputs })
  await main.waitForStdout(/small-pip/)
  main.kill('SIGKILL')
  return main.result
}

/** The post step as the runner runs it: same inputs, the main step's state as STATE_ variables. */
function postStep(e: StartedEmulator, inputs: Record<string, string>, main: ActionRun) {
  const env = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]))
  return runAction({ emulator: e, inputs, env })
}

const armRequestsSince = (e: StartedEmulator, seq: number) =>
  e.requestLog().filter((r) => r.seq > seq && r.service === 'arm')

describe('the post step', () => {
  it('cancels the deployment a killed main step was asked to cancel', async () => {
    const e = emulator()
    const inputs = inputsFor(e, { name: 'killed-main', 'cancel-on-abort': 'true' })
    const main = await killedMainStep(e, inputs)
    expect(main.signal).toBe('SIGKILL')
    expect(main.state).toMatchObject({ 'is-post': 'true', 'cancel-on-abort': 'true' })
    expect(main.state['main-step-end']).toBeUndefined()
    const id = main.state['deployment-id']
    expect(await deploymentState(e, id)).toBe('Running')

    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain(
      "The main step was stopped before it finished with deployment killed-main; canceling it in Azure (input 'cancel-on-abort')."
    )
    expect(post.stdout).toContain('Deployment killed-main is Canceled in Azure.')
    expect(await deploymentState(e, id)).toBe('Canceled')
    // The post step deploys nothing: no PUT.
    expect(post.stdout).not.toContain('accepted by Azure')
  })

  it('does nothing, quietly, when the main step was not asked to cancel', async () => {
    const e = emulator()
    const inputs = inputsFor(e, { name: 'killed-no-cancel' })
    const main = await killedMainStep(e, inputs)
    const seq = e.requestLog().at(-1)?.seq ?? 0
    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toBe('')
    expect(armRequestsSince(e, seq)).toEqual([])
    expect(await deploymentState(e, main.state['deployment-id'])).toBe('Running')
  })

  it('does nothing, quietly, when the main step recorded a verdict (it canceled itself)', async () => {
    const e = emulator()
    const inputs = inputsFor(e, { name: 'canceled-by-main', 'cancel-on-abort': 'true' })
    const running = startAction({ emulator: e, inputs })
    await running.waitForStdout(/small-pip/)
    running.kill('SIGINT')
    const main = await running.result
    expect(main.state['main-step-end']).toBe('aborted')
    const seq = e.requestLog().at(-1)?.seq ?? 0
    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toBe('')
    expect(armRequestsSince(e, seq)).toEqual([])
  })

  it('finishes a cancel the main step asked for but could not confirm (ARM too slow)', async () => {
    const e = emulator()
    const inputs = inputsFor(e, { name: 'slow-cancel-post', 'cancel-on-abort': 'true' })
    const running = startAction({ emulator: e, inputs })
    await running.waitForStdout(/small-pip/)
    e.addFault({ kind: 'latency', ms: 30_000 })
    let main: ActionRun
    try {
      running.kill('SIGINT')
      main = await running.result
    } finally {
      e.clearFaults()
    }
    expect(main.summary).toContain('Deployment slow-cancel-post: CancelRequested')
    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain('Deployment slow-cancel-post is Canceled in Azure.')
    expect(await deploymentState(e, main.state['deployment-id'])).toBe('Canceled')
  })

  it('does not cancel a deployment started with wait: false, even with cancel-on-abort', async () => {
    const e = emulator()
    const inputs = inputsFor(e, { name: 'not-waited', wait: 'false', 'cancel-on-abort': 'true' })
    const main = await runAction({ emulator: e, inputs })
    expect(main.exitCode).toBe(0)
    expect(main.state['main-step-end']).toBe('NotWaited')
    const seq = e.requestLog().at(-1)?.seq ?? 0
    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toBe('')
    expect(armRequestsSince(e, seq)).toEqual([])
    expect(await deploymentState(e, main.outputs['deployment-id'])).toMatch(/Accepted|Running/)
  })

  it('does nothing when ARM refused the PUT, even with cancel-on-abort (the id was saved before it)', async () => {
    const e = emulator()
    const inputs = inputsFor(e, {
      name: 'refused',
      'cancel-on-abort': 'true',
      parameters: '{"prefix": "a-prefix-longer-than-twelve"}'
    })
    const main = await runAction({ emulator: e, inputs })
    expect(main.exitCode).toBe(1)
    expect(main.state['deployment-id']).toMatch(/\/deployments\/refused$/)
    expect(main.state['main-step-end']).toBe('NotStarted')
    const seq = e.requestLog().at(-1)?.seq ?? 0
    const post = await postStep(e, inputs, main)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toBe('')
    expect(armRequestsSince(e, seq)).toEqual([])
  })
})
