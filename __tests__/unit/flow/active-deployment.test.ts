// A PUT met 409 DeploymentActive (issue 11, item 2): what the run does, by request and input.
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import { deploymentBody } from '../../../src/azure/scope.js'
import { decideOnActive, waitForOther } from '../../../src/flow/active-deployment.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import type { StateStore } from '../../../src/runtime/ports.js'
import { FakeClock, FakeLogger } from '../../helpers/fakes.js'
import { runnerInputs } from '../../helpers/inputs.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const TEMPLATE = { $schema: 'x', resources: [], parameters: { prefix: { type: 'string' } } }

const settingsWith = (inputs: Record<string, string> = {}) =>
  getInputs(
    runnerInputs({
      'subscription-id': SUB,
      'tenant-id': '72f988bf-0000-4000-8000-00000000e001',
      'client-id': '1a2b3c4d-0000-4000-8000-00000000c001',
      'client-secret': 's',
      location: 'westeurope',
      'template-file': 'hub.json',
      name: 'hub',
      'poll-interval': '1m',
      ...inputs
    }),
    { env: { GITHUB_RUN_ID: '7' }, readFile: () => '', now: () => 0 }
  )

const bodyFor = (prefix: string) =>
  deploymentBody(
    { type: 'subscription', subscriptionId: SUB, location: 'westeurope' },
    {
      mode: 'Incremental',
      template: TEMPLATE,
      parameters: { prefix: { value: prefix } }
    }
  )

/** The other request's deployment: Running with `prefix` first, then each later state in turn. */
function apiWith(prefix: string, later: string[] = [], hash = 'h1') {
  const states = ['Running', ...later]
  let gets = 0
  const api: DeploymentApi = {
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    listOperationPages: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true as const, value: undefined })
      })
    }),
    get: (): Promise<DeploymentExtended> =>
      Promise.resolve({
        id: `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub`,
        properties: {
          provisioningState: states[Math.min(gets++, states.length - 1)],
          correlationId: 'corr-other',
          templateHash: 'h1',
          mode: 'Incremental',
          parameters: { prefix: { type: 'String', value: prefix } }
        }
      }),
    templateHash: () => Promise.resolve(hash)
  }
  return api
}

class MemoryState implements StateStore {
  readonly saved: Array<[string, string]> = []
  saveState(name: string, value: string): void {
    this.saved.push([name, value])
  }
  getState(): string {
    return ''
  }
}

const deps = (logger = new FakeLogger(), clock = new FakeClock(0, { instant: true })) => ({
  logger,
  clock,
  state: new MemoryState()
})

describe('decideOnActive', () => {
  it('the same template and parameters: follows it, and says why', async () => {
    const d = deps()
    const decision = await decideOnActive(settingsWith(), bodyFor('a'), apiWith('a'), d)
    expect(decision.kind).toBe('attach')
    expect(d.logger.lines[0].message).toBe(
      "Deployment 'hub' is already running in Azure for this same request (it runs the same template (hash h1) with the same parameters): following it instead of starting it again."
    )
    expect(decision).toMatchObject({
      note: 'Deployment hub was already running this same request (it runs the same template (hash h1) with the same parameters); this run followed it instead of starting it again.'
    })
  })

  it('another request, on-active-deployment wait (the default): wait, then start', async () => {
    const d = deps()
    const decision = await decideOnActive(settingsWith(), bodyFor('b'), apiWith('a'), d)
    expect(decision).toEqual({
      kind: 'wait',
      correlationId: 'corr-other',
      reason: "parameter 'prefix' differs"
    })
    expect(d.logger.lines.map((l) => l.message)).toEqual([
      "Deployment 'hub' is already running in Azure for another request (correlation id corr-other, Running): parameter 'prefix' differs. Waiting for it to end, then starting this run's own deployment (input 'on-active-deployment' is wait)."
    ])
  })

  it('another request, on-active-deployment fail: one clear error', async () => {
    await expect(
      decideOnActive(
        settingsWith({ 'on-active-deployment': 'fail' }),
        bodyFor('b'),
        apiWith('a', [], 'h2'),
        deps()
      )
    ).rejects.toThrow(
      "Deployment 'hub' is already running in Azure for another request (correlation id corr-other, Running): it runs another template (template hash h1; this run's h2). Input 'on-active-deployment' is fail: this run's template was not deployed. Run it again once that deployment has ended, or set 'on-active-deployment: wait' to wait for it."
    )
  })

  it('another request, on-active-deployment attach: follows it with a warning', async () => {
    const d = deps()
    const decision = await decideOnActive(
      settingsWith({ 'on-active-deployment': 'attach' }),
      bodyFor('b'),
      apiWith('a'),
      d
    )
    expect(decision.kind).toBe('attach')
    expect(d.logger.lines[0]).toEqual({
      level: 'warning',
      message:
        "Deployment 'hub' is already running in Azure for another request (correlation id corr-other, Running): parameter 'prefix' differs. Input 'on-active-deployment' is attach: following it and reporting its result as this run's; this run's own template is not deployed."
    })
  })

  it('a calculateTemplateHash that fails makes it another request', async () => {
    const d = deps()
    const api = apiWith('a')
    api.templateHash = () => Promise.reject(new Error('No registered resource provider'))
    const decision = await decideOnActive(settingsWith(), bodyFor('a'), api, d)
    expect(decision).toMatchObject({
      kind: 'wait',
      reason:
        "it cannot be shown to be this run's request: the template's hash could not be calculated"
    })
  })
})

describe('waitForOther', () => {
  it('the post step leaves it alone while waiting, and takes up this run again after', async () => {
    const d = deps()
    const note = await waitForOther(
      settingsWith(),
      { kind: 'wait', correlationId: 'corr-other', reason: "parameter 'prefix' differs" },
      3_600_000,
      apiWith('a', ['Running', 'Succeeded']),
      d
    )
    expect(d.state.saved).toEqual([
      ['main-step-end', 'NotStarted'],
      ['main-step-end', '']
    ])
    // Three polls, then one more interval for a run that follows it to read its end.
    expect(d.clock.sleeps).toEqual([60_000, 60_000, 60_000, 60_000])
    expect(note).toBe(
      "Deployment hub was running another request (correlation id corr-other: parameter 'prefix' differs); this run waited 3m for it to end (Succeeded), then started its own."
    )
  })

  it('gives up at the deadline: nothing of this run was deployed', async () => {
    await expect(
      waitForOther(
        settingsWith(),
        { kind: 'wait', correlationId: 'corr-other', reason: 'x' },
        150_000,
        apiWith('a'),
        deps()
      )
    ).rejects.toThrow(
      "Gave up after 2m30s waiting for deployment 'hub' of another request (correlation id corr-other) to end (input 'timeout'); this run's template was not deployed. It is still Running in Azure."
    )
  })
})
