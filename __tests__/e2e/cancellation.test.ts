// The runner cancels a step with SIGINT, SIGTERM 7.5 s later, and a kill 2.5 s after that. Real
// signals to `node dist/index.js`: the wait stops at once, the deployment is canceled in Azure only
// with cancel-on-abort, and either way outputs and summary are written within the 7.5 s. The tests
// follow the runner's schedule (`cancelLikeRunner`): finishing in time means exiting by itself before
// the SIGTERM, which the action would log, so no tighter wall-clock bound is asserted.
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { deploymentState, waitForState } from '../helpers/deployment-state.js'
import { useEmulator } from '../helpers/emulator.js'
import {
  emulatorInputs,
  type ActionRun,
  type RunningAction,
  runAction,
  startAction
} from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  scenario: { neverEnd: [{ resourceName: 'small-pip' }] }
})

function start(e: StartedEmulator, inputs: Record<string, string>) {
  return startAction({
    emulator: e,
    inputs: {
      ...emulatorInputs(e),
      'client-secret': e.info.clientSecret,
      location: 'westeurope',
      'template-file': '__tests__/fixtures/e2e/small.json',
      'poll-interval': '1',
      ...inputs
    }
  })
}

/**
 * SIGINT now, then as the runner does SIGTERM 7.5 s and SIGKILL 10 s later unless the action exited.
 * Returns its run; an action that finished in time has `signal` null and never logged the SIGTERM.
 */
async function cancelLikeRunner(action: RunningAction): Promise<ActionRun> {
  action.kill('SIGINT')
  const term = setTimeout(() => action.kill('SIGTERM'), 7_500)
  const kill = setTimeout(() => action.kill('SIGKILL'), 10_000)
  try {
    return await action.result
  } finally {
    clearTimeout(term)
    clearTimeout(kill)
  }
}

/** The action stopped by itself after the SIGINT, before the runner's SIGTERM. */
function expectStoppedInTime(run: ActionRun): void {
  expect(run.signal).toBeNull()
  expect(run.stdout).toContain('Received SIGINT')
  expect(run.stdout).not.toContain('Received SIGTERM')
}

const cancels = (e: StartedEmulator, name: string) =>
  e.requestLog().filter((r) => r.method === 'POST' && r.path.includes(`/${name}/cancel`))

describe('runner cancellation', () => {
  it('with cancel-on-abort: cancels the deployment in Azure, reports Canceled, exits 1 within 7.5 s', async () => {
    const e = emulator()
    const action = start(e, { name: 'cancel-on-abort', 'cancel-on-abort': 'true' })
    await action.waitForStdout(/Polling every/)
    await action.waitForStdout(/small-pip/) // a poll has seen the module's resource
    const run = await cancelLikeRunner(action)

    expectStoppedInTime(run)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('Received SIGINT: the run was canceled.')
    expect(run.stdout).toContain(
      "The run was canceled: canceling deployment cancel-on-abort in Azure (input 'cancel-on-abort')"
    )
    expect(cancels(e, 'cancel-on-abort')).toHaveLength(1)
    expect(await deploymentState(e, run.outputs['deployment-id'])).toBe('Canceled')
    expect(run.outputs['provisioning-state']).toBe('Canceled')
    expect(run.outputs['deployment-name']).toBe('cancel-on-abort')
    expect(run.errors).toEqual([
      "The run was canceled, so deployment cancel-on-abort was canceled in Azure (input 'cancel-on-abort')."
    ])
    expect(run.summary).toContain('Deployment cancel-on-abort: Canceled')
    // The main step finished the job: the post step has nothing to do.
    expect(run.state['main-step-end']).toBe('aborted')
  })

  it('without cancel-on-abort: leaves it running and says exactly how to attach', async () => {
    const e = emulator()
    const action = start(e, { name: 'goes-on' })
    await action.waitForStdout(/small-pip/)
    const run = await cancelLikeRunner(action)

    expectStoppedInTime(run)
    expect(run.exitCode).toBe(1)
    expect(cancels(e, 'goes-on')).toEqual([])
    expect(await deploymentState(e, run.outputs['deployment-id'])).toBe('Running')
    expect(run.warnings).toContain(
      "The run was canceled: stopped waiting for deployment goes-on, which goes on in Azure (input 'cancel-on-abort' is false)."
    )
    const attach = `a step with \`operation: attach\`, \`name: goes-on\`, \`scope: subscription\`, \`subscription-id: ${e.info.subscriptionId}\` (and the same sign-in inputs) waits for it without the template`
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('Stopped waiting for deployment goes-on; it goes on in Azure.')
    expect(run.errors[0]).toContain('run the action again with `name: goes-on`')
    expect(run.summary).toContain('Deployment goes-on: Aborted')
    expect(run.summary).toContain('The run was canceled; the deployment goes on in Azure.')
    expect(run.errors[0]).toContain(attach)
    expect(run.summary).toContain(attach)
    expect(run.outputs['provisioning-state']).toBe('Running')
    // Nothing for the post step to cancel: it was not asked to.
    expect(run.state['cancel-on-abort']).toBe('false')
  })

  it('SIGINT then SIGTERM (the runner 7.5 s later, here at once): the summary is still written', async () => {
    const e = emulator()
    const action = start(e, { name: 'two-signals', 'cancel-on-abort': 'true' })
    await action.waitForStdout(/small-pip/)
    action.kill('SIGINT')
    await action.waitForStdout(/Received SIGINT/)
    action.kill('SIGTERM')
    const run = await action.result
    expect(run.exitCode).toBe(1)
    expect(run.signal).toBeNull()
    expect(run.stdout).toContain('Received SIGTERM again; finishing the report.')
    expect(run.summary).toContain('Deployment two-signals: Canceled')
    expect(run.outputs['provisioning-state']).toBe('Canceled')
    expect(await deploymentState(e, run.outputs['deployment-id'])).toBe('Canceled')
  })

  it('a poll stuck on a slow ARM does not hold the step: it stops within the grace and reports', async () => {
    const e = emulator()
    const action = start(e, { name: 'slow-arm' })
    await action.waitForStdout(/small-pip/)
    e.addFault({ kind: 'latency', ms: 30_000 })
    try {
      await new Promise((r) => setTimeout(r, 1500)) // the next poll is now in flight
      // Held by the 30 s read, it would still be waiting at the SIGTERM.
      const run = await cancelLikeRunner(action)
      expectStoppedInTime(run)
      expect(run.exitCode).toBe(1)
      expect(run.summary).toContain('Deployment slow-arm: Aborted')
      expect(run.outputs['deployment-name']).toBe('slow-arm')
    } finally {
      e.clearFaults()
    }
  })

  it('cancel-on-abort against an ARM that does not answer: gives up within the deadline and says the post step retries', async () => {
    const e = emulator()
    const action = start(e, { name: 'slow-cancel', 'cancel-on-abort': 'true' })
    await action.waitForStdout(/small-pip/)
    e.addFault({ kind: 'latency', ms: 30_000 })
    try {
      const run = await cancelLikeRunner(action)
      expectStoppedInTime(run)
      expect(run.exitCode).toBe(1)
      expect(run.errors[0]).toContain(
        "The run was canceled and deployment slow-cancel was asked to cancel in Azure (input 'cancel-on-abort'), but it was still Running when the step had to stop; the post step tries again."
      )
      expect(run.summary).toContain('Deployment slow-cancel: CancelRequested')
      // No main-step end saved: the post step will cancel it.
      expect(run.state['main-step-end']).toBeUndefined()
      expect(run.state['cancel-on-abort']).toBe('true')
    } finally {
      e.clearFaults()
    }
  })

  it('canceled while signing in (token endpoint down): stops at once, nothing deployed, summary says so', async () => {
    const e = emulator()
    e.addFault({ kind: 'token-endpoint-down', status: 503 })
    try {
      const action = start(e, { name: 'never-started', 'cancel-on-abort': 'true' })
      await action.waitForStdout(/Authentication \(secret\)/)
      await new Promise((r) => setTimeout(r, 1000))
      // The sign-in retries for minutes; a cancel that waited for it would meet the SIGTERM.
      const run = await cancelLikeRunner(action)
      expectStoppedInTime(run)
      expect(run.exitCode).toBe(1)
      expect(run.errors).toEqual([
        'The run was canceled before deployment never-started was started; nothing was deployed.'
      ])
      expect(run.summary).toContain('Deployment never-started: not started')
      expect(run.state['deployment-id']).toBeUndefined()
      expect(e.requestLog().filter((r) => r.method === 'PUT')).not.toContainEqual(
        expect.objectContaining({ path: expect.stringContaining('/never-started') })
      )
    } finally {
      e.clearFaults()
    }
  })

  it('canceled while the PUT is held up by a slow ARM: summary written at once, the post step cancels what ARM accepted later', async () => {
    const e = emulator()
    // Only the PUT is slow: ARM takes it 8 s after it was sent, long after the step stopped.
    e.addFault({ kind: 'latency', ms: 8000, count: 1 })
    const inputs = {
      ...emulatorInputs(e),
      'client-secret': e.info.clientSecret,
      location: 'westeurope',
      'template-file': '__tests__/fixtures/e2e/small.json',
      'poll-interval': '1',
      name: 'slow-put',
      'cancel-on-abort': 'true'
    }
    try {
      const action = startAction({ emulator: e, inputs })
      await action.waitForStdout(/Start deployment slow-put/)
      await new Promise((r) => setTimeout(r, 500)) // the PUT is in flight
      const signaledAt = Date.now()
      action.kill('SIGINT')
      const run = await action.result
      expect(Date.now() - signaledAt).toBeLessThan(7500)
      expect(run.exitCode).toBe(1)
      expect(run.signal).toBeNull()
      expect(run.stdout).not.toContain('accepted by Azure')
      expect(run.summary).toContain('Deployment slow-put: CancelRequested')
      expect(run.errors[0]).toContain('the post step tries again')
      // Saved before the PUT, and no main-step end: the post step takes over.
      const id = `/subscriptions/${e.info.subscriptionId}/providers/Microsoft.Resources/deployments/slow-put`
      expect(run.state['deployment-id']).toBe(id)
      expect(run.state['main-step-end']).toBeUndefined()

      expect(await waitForState(e, id, 'Running', 15_000)).toBe('Running')
      const env = Object.fromEntries(Object.entries(run.state).map(([k, v]) => [`STATE_${k}`, v]))
      const post = await runAction({ emulator: e, inputs, env })
      expect(post.exitCode).toBe(0)
      expect(post.stdout).toContain('Deployment slow-put is Canceled in Azure.')
      expect(await deploymentState(e, id)).toBe('Canceled')
    } finally {
      e.clearFaults()
    }
  })

  it('a first SIGTERM (2.5 s before the kill) with cancel-on-abort and a slow ARM: the summary is still written before the kill', async () => {
    const e = emulator()
    const action = start(e, { name: 'term-first', 'cancel-on-abort': 'true' })
    await action.waitForStdout(/small-pip/)
    e.addFault({ kind: 'latency', ms: 30_000 })
    try {
      const signaledAt = Date.now()
      action.kill('SIGTERM')
      const run = await action.result
      expect(Date.now() - signaledAt).toBeLessThan(2500)
      expect(run.exitCode).toBe(1)
      expect(run.signal).toBeNull()
      expect(run.summary).toContain('Deployment term-first: CancelRequested')
      expect(run.state['main-step-end']).toBeUndefined()
    } finally {
      e.clearFaults()
    }
  })
})
