import { RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { reportAborted } from '../../../src/flow/aborted-run.js'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import { FakeLogger } from '../../helpers/fakes.js'

const started = {
  ref: {
    target: { type: 'subscription', subscriptionId: 'sub' } as const,
    name: 'hub',
    id: '/subscriptions/sub/providers/Microsoft.Resources/deployments/hub'
  },
  portalUrl: 'https://portal.azure.com/#x'
}
const settings = {
  cancelOnAbort: true,
  scope: { type: 'subscription', subscriptionId: 'sub', location: 'westeurope' } as const,
  nameIsDefault: false
}

/** ARM never saw the deployment: 404 to the cancel and to every read (a PUT cut short). */
const missingApi: DeploymentApi = {
  create: () => Promise.resolve(),
  listOperationPages: () => ({
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.resolve({ done: true, value: undefined })
    })
  }),
  cancel: () => Promise.reject(new RestError('not found', { statusCode: 404 })),
  get: () => Promise.reject(new RestError('not found', { statusCode: 404 }))
}

function setup() {
  const r = new FakeLogger()
  const summaries: string[] = []
  const state: Record<string, string> = {}
  const deps = {
    logger: r,
    outputs: r,
    masker: r,
    summary: { write: (md: string) => Promise.resolve(void summaries.push(md)) },
    state: {
      saveState: (name: string, value: string) => void (state[name] = value),
      getState: (name: string) => state[name] ?? ''
    },
    clock: { now: () => 1_000, sleep: () => Promise.resolve() }
  }
  return { r, summaries, state, deps }
}

describe('reportAborted', () => {
  it('cancel answered 404 (a PUT cut short): says ARM had not shown it yet and leaves the rest to the post step', async () => {
    const { summaries, state, deps } = setup()
    const session = { api: missingApi, refresher: { refreshCount: 2 } }
    const result = await reportAborted(settings, started, 0, session, [], deps)
    expect(result).toEqual({
      ok: false,
      message:
        "The run was canceled and deployment hub was asked to cancel in Azure (input 'cancel-on-abort'), but ARM had not shown the deployment yet when the step had to stop; the post step tries again."
    })
    expect(summaries[0]).toContain('Deployment hub: CancelRequested')
    // No main-step end: the post step cancels the deployment if ARM accepts the PUT after all.
    expect(state['main-step-end']).toBeUndefined()
  })
})
