import { describe, expect, it } from 'vitest'
import type { SummarySink } from '../../../src/runtime/ports.js'
import { OperationTracker } from '../../../src/deployment/operation-tracker.js'
import { reportOutcome, type OutcomeReportInput } from '../../../src/report/outcome-report.js'
import { FakeLogger } from '../../helpers/fakes.js'
import { MIN, T0 } from '../../helpers/timeline.js'

const started = {
  ref: {
    target: { type: 'tenant' } as const,
    name: 'hub-42-abcd1234',
    id: '/providers/Microsoft.Resources/deployments/hub-42-abcd1234'
  },
  correlationId: 'corr',
  portalUrl: 'https://portal.azure.com/#x'
}

function setup() {
  const r = new FakeLogger()
  const summaries: string[] = []
  const summary: SummarySink = { write: (md) => Promise.resolve(void summaries.push(md)) }
  return {
    r,
    summaries,
    deps: { logger: r, outputs: r, masker: r, summary, now: () => T0 + 360 * MIN }
  }
}

const base: Omit<OutcomeReportInput, 'outcome'> = {
  started,
  startedAt: T0,
  tokenRefreshes: 7,
  secureNames: [],
  scopeLabel: 'tenant',
  nameIsDefault: true
}

describe('reportOutcome', () => {
  it('after a timeout: says it is still running and how to attach, and writes outputs and summary', async () => {
    const { r, summaries, deps } = setup()
    const result = await reportOutcome(
      {
        ...base,
        outcome: {
          kind: 'timeout',
          deployment: { properties: { provisioningState: 'Running' } },
          tracker: new OperationTracker()
        }
      },
      deps
    )
    expect(result).toEqual({
      ok: false,
      message:
        "Gave up waiting for deployment hub-42-abcd1234 after 6h (input 'timeout'); it is still running in Azure. To wait for it again, re-run this job (every attempt of this run uses the name hub-42-abcd1234) or run the action with `name: hub-42-abcd1234`; a step with `operation: attach`, `name: hub-42-abcd1234`, `scope: tenant` (and the same sign-in inputs) waits for it without the template. Follow it in the portal: https://portal.azure.com/#x"
    })
    expect(r.outputs['provisioning-state']).toBe('Running')
    expect(r.outputs['token-refreshes']).toBe('7')
    expect(r.outputs.duration).toBe('21600')
    expect(summaries[0]).toContain('TimedOut')
    expect(summaries[0]).toContain('To wait for it again')
  })

  it('succeeds only for a Succeeded deployment', async () => {
    const { deps } = setup()
    const ok = await reportOutcome(
      {
        ...base,
        outcome: {
          kind: 'finished',
          deployment: { properties: { provisioningState: 'Succeeded' } },
          tracker: new OperationTracker()
        }
      },
      deps
    )
    expect(ok).toEqual({ ok: true })
    const canceled = await reportOutcome(
      {
        ...base,
        outcome: {
          kind: 'finished',
          deployment: { properties: { provisioningState: 'Canceled' } },
          tracker: new OperationTracker()
        }
      },
      deps
    )
    expect(canceled).toEqual({
      ok: false,
      message:
        'Deployment hub-42-abcd1234 ended Canceled after 6h; see the errors above and the job summary.'
    })
  })

  it('after a cancellation with cancel-on-abort: Canceled when Azure shows it, else says the post step retries', async () => {
    const aborted = (state: string) => ({
      kind: 'aborted' as const,
      deployment: { properties: { provisioningState: state } },
      tracker: new OperationTracker()
    })
    const done = setup()
    const canceled = await reportOutcome(
      { ...base, outcome: aborted('Canceled'), cancellation: { canceled: true } },
      done.deps
    )
    expect(canceled).toEqual({
      ok: false,
      message:
        "The run was canceled, so deployment hub-42-abcd1234 was canceled in Azure (input 'cancel-on-abort')."
    })
    expect(done.r.outputs['provisioning-state']).toBe('Canceled')
    expect(done.summaries[0]).toContain('Deployment hub-42-abcd1234: Canceled')

    const pending = setup()
    const requested = await reportOutcome(
      {
        ...base,
        outcome: aborted('Running'),
        cancellation: { canceled: false, error: 'Canceling failed (HTTP 500)' }
      },
      pending.deps
    )
    expect(requested).toEqual({
      ok: false,
      message:
        "The run was canceled and deployment hub-42-abcd1234 was asked to cancel in Azure (input 'cancel-on-abort'), but it was still Running when the step had to stop; the post step tries again. The cancel request failed: Canceling failed (HTTP 500)"
    })
    expect(pending.summaries[0]).toContain('Deployment hub-42-abcd1234: CancelRequested')
  })

  it('after a cancellation that ARM answered 404 (a PUT cut short): says ARM had not shown it yet, not its state', async () => {
    const { r, summaries, deps } = setup()
    const result = await reportOutcome(
      {
        ...base,
        outcome: { kind: 'aborted', tracker: new OperationTracker() },
        cancellation: { canceled: false, notFound: true }
      },
      deps
    )
    expect(result).toEqual({
      ok: false,
      message:
        "The run was canceled and deployment hub-42-abcd1234 was asked to cancel in Azure (input 'cancel-on-abort'), but ARM had not shown the deployment yet when the step had to stop; the post step tries again."
    })
    expect(r.outputs['provisioning-state']).toBe('Unknown')
    expect(summaries[0]).toContain('Deployment hub-42-abcd1234: CancelRequested')
    expect(summaries[0]).toContain('ARM had not shown the deployment yet')
  })

  it("a replaced deployment: verdict Replaced, no result of the newcomer's, the notes first", async () => {
    const { r, summaries, deps } = setup()
    const result = await reportOutcome(
      {
        ...base,
        notes: ['Deployment hub-42-abcd1234 was running another request; this run waited 2m.'],
        outcome: {
          kind: 'replaced',
          replacement: { from: 'corr', to: 'corr-new' },
          tracker: new OperationTracker()
        }
      },
      deps
    )
    const message =
      "Deployment hub-42-abcd1234 was replaced by another run (correlation id corr → corr-new) before this run saw it end: how this run's deployment ended is unknown, and the result now under that name is the other run's. Azure's activity log has this run's deployment under correlation id corr."
    expect(result).toEqual({ ok: false, message })
    expect(r.outputs['provisioning-state']).toBe('Unknown')
    expect(r.outputs['correlation-id']).toBe('corr')
    expect(summaries[0]).toContain('Deployment hub-42-abcd1234: Replaced')
    expect(summaries[0]).toContain(
      'Deployment hub-42-abcd1234 was running another request; this run waited 2m.\n\n' + message
    )
  })
})
