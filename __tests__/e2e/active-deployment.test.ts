// A fixed name already running another run's request (issue 11, item 2): the second run waits for
// the first to end and then deploys its own template, or fails when told to; and a run following a
// deployment notices when another run replaced it under the same name instead of reporting the
// newcomer's result as its own.
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { sleep, useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs, startAction } from '../helpers/run-action.js'

// small.json takes 6 emulated minutes here: 6 s real.
const emulator = useEmulator({
  timeScale: 60,
  scenario: { durations: { byName: { 'small-pip': '6m' } } }
})

const inputs = (e: StartedEmulator, name: string, prefix: string, extra = {}) => ({
  ...secretInputs(e),
  location: 'westeurope',
  'template-file': '__tests__/fixtures/e2e/small.json',
  name,
  parameters: JSON.stringify({ prefix }),
  'poll-interval': '1',
  ...extra
})

const puts = (e: StartedEmulator, name: string) =>
  e.requestLog().filter((r) => r.method === 'PUT' && r.path.includes(`/deployments/${name}?`))

const ANOTHER = (name: string) =>
  new RegExp(
    `Deployment '${name}' is already running in Azure for another request \\(correlation id ([0-9a-f-]{36}), (Accepted|Running)\\): [^\\n]+\\.`
  )

describe('a fixed name already running another request', () => {
  it('the second run waits for the first to end, then deploys its own template', async () => {
    const e = emulator()
    const first = startAction({ emulator: e, inputs: inputs(e, 'fixed-hub', 'first') })
    await first.waitForStdout(/Polling every/)
    const second = await runAction({ emulator: e, inputs: inputs(e, 'fixed-hub', 'second') })
    const firstRun = await first.result

    expect(firstRun.exitCode).toBe(0)
    expect(firstRun.outputs.vnetName).toBe('first-vnet')
    expect(second.exitCode).toBe(0)
    const met = ANOTHER('fixed-hub').exec(second.stdout)
    expect(met?.[1]).toBe(firstRun.outputs['correlation-id'])
    expect(second.stdout).toContain(
      "Waiting for it to end, then starting this run's own deployment (input 'on-active-deployment' is wait)."
    )
    expect(second.stdout).toMatch(
      /Still waiting for deployment 'fixed-hub' of the other request to end: Running, waited \d+s, up to 5h59m more\./
    )
    expect(second.stdout).toMatch(
      /Deployment 'fixed-hub' of the other request ended Succeeded after \d+s of waiting\./
    )
    // Its own template ran: its parameters, its correlation id, and no attach.
    expect(second.outputs.vnetName).toBe('second-vnet')
    expect(second.outputs['correlation-id']).not.toBe(firstRun.outputs['correlation-id'])
    expect(second.stdout).not.toContain('Attached to deployment')
    // In ARM's log: the first PUT, the refused one, and a second PUT once the first had ended
    // (its deployment takes 6 emulated minutes).
    const log = puts(e, 'fixed-hub')
    expect(log.map((r) => r.status)).toEqual([201, 409, 201])
    expect(log[2].emulatedMs - log[0].emulatedMs).toBeGreaterThanOrEqual(6 * 60_000)
    expect(second.summary).toMatch(
      new RegExp(
        `Deployment fixed-hub was running another request \\(correlation id ${firstRun.outputs['correlation-id']}: [^\\n]+\\); this run waited \\d+s for it to end \\(Succeeded\\), then started its own\\.`
      )
    )
    expect(second.summary).toContain('Deployment fixed-hub: Succeeded')
  })

  it('the same template and parameters under a fixed name: the second run follows the first', async () => {
    const e = emulator()
    const first = startAction({ emulator: e, inputs: inputs(e, 'fixed-same', 'same') })
    await first.waitForStdout(/Polling every/)
    const second = await runAction({ emulator: e, inputs: inputs(e, 'fixed-same', 'same') })
    const firstRun = await first.result
    expect(firstRun.exitCode).toBe(0)
    expect(second.exitCode).toBe(0)
    // ARM's calculateTemplateHash of this run's template equals the running one's templateHash.
    expect(second.stdout).toMatch(
      /Deployment 'fixed-same' is already running in Azure for this same request \(it runs the same template \(hash \d+\) with the same parameters\): following it instead of starting it again\./
    )
    expect(second.outputs['correlation-id']).toBe(firstRun.outputs['correlation-id'])
    expect(second.outputs.vnetName).toBe('same-vnet')
    expect(puts(e, 'fixed-same').map((r) => r.status)).toEqual([201, 409])
  })

  it('on-active-deployment: fail ends the second run with a clear error and deploys nothing', async () => {
    const e = emulator()
    const first = startAction({ emulator: e, inputs: inputs(e, 'fixed-fail', 'first') })
    await first.waitForStdout(/Polling every/)
    const second = await runAction({
      emulator: e,
      inputs: inputs(e, 'fixed-fail', 'second', { 'on-active-deployment': 'fail' })
    })
    expect(second.exitCode).toBe(1)
    expect(second.errors).toHaveLength(1)
    expect(second.errors[0]).toMatch(ANOTHER('fixed-fail'))
    expect(second.errors[0]).toMatch(
      / Input 'on-active-deployment' is fail: this run's template was not deployed\. Run it again once that deployment has ended, or set 'on-active-deployment: wait' to wait for it\.$/
    )
    expect(second.summary).toContain('Deployment fixed-fail was not started')
    expect((await first.result).exitCode).toBe(0)
    expect(puts(e, 'fixed-fail').map((r) => r.status)).toEqual([201, 409])
  })

  it("canceled while waiting for another run's deployment: nothing deployed, and that one is not canceled", async () => {
    const e = emulator()
    const first = startAction({ emulator: e, inputs: inputs(e, 'fixed-cancel', 'first') })
    await first.waitForStdout(/Polling every/)
    const second = startAction({
      emulator: e,
      inputs: inputs(e, 'fixed-cancel', 'second', { 'cancel-on-abort': 'true' })
    })
    await second.waitForStdout(/Still waiting for deployment 'fixed-cancel'/)
    second.kill('SIGINT')
    const canceled = await second.result
    expect(canceled.exitCode).toBe(1)
    expect(canceled.errors).toEqual([
      'The run was canceled before deployment fixed-cancel was started; nothing was deployed.'
    ])
    // The post step rests: the deployment under the name is the other run's.
    expect(canceled.state['main-step-end']).toBe('NotStarted')
    const firstRun = await first.result
    expect(firstRun.exitCode).toBe(0)
    expect(firstRun.outputs['provisioning-state']).toBe('Succeeded')
    expect(e.requestLog().filter((r) => r.method === 'POST' && r.path.includes('/cancel'))).toEqual(
      []
    )
    expect(puts(e, 'fixed-cancel').map((r) => r.status)).toEqual([201, 409])
  })

  it("a run whose deployment another run replaced says so instead of reporting the newcomer's result", async () => {
    const e = emulator()
    // Polls every 15 s: its deployment ends after 6 s, and the second run's takes the name before
    // the next poll.
    const first = startAction({
      emulator: e,
      inputs: inputs(e, 'fixed-replaced', 'first', { 'poll-interval': '15' })
    })
    await first.waitForStdout(/Polling every/)
    await sleep(500)
    const second = await runAction({ emulator: e, inputs: inputs(e, 'fixed-replaced', 'second') })
    expect(second.exitCode).toBe(0)
    expect(second.outputs.vnetName).toBe('second-vnet')
    const firstRun = await first.result

    const [from] = puts(e, 'fixed-replaced').filter((r) => r.status === 201)
    expect(from).toBeDefined()
    const to = second.outputs['correlation-id']
    expect(firstRun.exitCode).toBe(1)
    const message = firstRun.errors.find((m) =>
      m.startsWith('Deployment fixed-replaced was replaced')
    )
    expect(message).toMatch(
      new RegExp(
        `^Deployment fixed-replaced was replaced by another run \\(correlation id ([0-9a-f-]{36}) → ${to}\\) before this run saw it end: how this run's deployment ended is unknown, and the result now under that name is the other run's\\. Azure's activity log has this run's deployment under correlation id \\1\\.$`
      )
    )
    expect(firstRun.errors).toEqual([message])
    // Not the newcomer's result: none of its outputs, and no Succeeded.
    expect(firstRun.outputs.vnetName).toBeUndefined()
    expect(firstRun.outputs['provisioning-state']).toBe('Unknown')
    expect(firstRun.summary).toContain('Deployment fixed-replaced: Replaced')
    expect(firstRun.summary).not.toContain('second-vnet')
  })
})
