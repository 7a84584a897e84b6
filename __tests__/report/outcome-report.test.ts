import { describe, expect, it } from 'vitest'
import type { SummarySink } from '../../src/action-io.js'
import { OperationTracker } from '../../src/deployment/operation-tracker.js'
import { reportOutcome, type OutcomeReportInput } from '../../src/report/outcome-report.js'
import { Recorder } from './fakes.js'
import { MIN, T0 } from './timeline.js'

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
  const r = new Recorder()
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
        "Gave up waiting for deployment hub-42-abcd1234 after 6h (input 'timeout'); it is still running in Azure. To wait for it again, re-run this job (every attempt of this run uses the name hub-42-abcd1234) or run the action with `name: hub-42-abcd1234`. Follow it in the portal: https://portal.azure.com/#x"
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
})
