// Noticing that the followed deployment's name now holds another run's deployment (issue 11, item 2).
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { ReplacementCheck, replacementWatch } from '../../../src/deployment/replacement-check.js'
import { OperationTracker } from '../../../src/deployment/operation-tracker.js'
import type { TrackedOperation } from '../../../src/deployment/model.js'

const at = (correlationId?: string, provisioningState = 'Running'): DeploymentExtended => ({
  properties: { provisioningState, ...(correlationId ? { correlationId } : {}) }
})
const op = (name: string): TrackedOperation => ({
  key: `/ops/${name}`,
  resourceType: 'Microsoft.Network/virtualNetworks',
  resourceName: name,
  state: 'Running',
  nestedDeployment: '',
  isDeployment: false,
  startedAt: 0
})

describe('ReplacementCheck', () => {
  it('the same correlation id (any case) is the same deployment', () => {
    const check = new ReplacementCheck('AAA-1')
    expect(check.check(at('aaa-1'))).toBeUndefined()
  })

  it('another correlation id is a replacement, from the expected one to the new one', () => {
    const check = new ReplacementCheck('aaa-1')
    expect(check.check(at('bbb-2'))).toEqual({ from: 'aaa-1', to: 'bbb-2' })
  })

  it('without an expected id, the first poll sets it; without one in the answer, nothing is said', () => {
    const check = new ReplacementCheck(undefined)
    expect(check.check(at(undefined))).toBeUndefined()
    expect(check.check(at('aaa-1'))).toBeUndefined()
    expect(check.check(at('aaa-1'))).toBeUndefined()
    expect(check.check(at('bbb-2'))).toEqual({ from: 'aaa-1', to: 'bbb-2' })
  })
})

describe('replacementWatch', () => {
  it("reports ours, stops on the newcomer, and returns ours as last seen, not the newcomer's", () => {
    const watch = replacementWatch('aaa-1')
    const reported: string[] = []
    const onPoll = watch.onPoll(
      (s: { deployment: DeploymentExtended; tracker: OperationTracker }) =>
        reported.push(s.deployment.properties?.correlationId ?? '')
    )
    const ours = new OperationTracker()
    ours.update([op('first-vnet')])
    onPoll({ deployment: at('aaa-1'), tracker: ours })
    expect(watch.signal.aborted).toBe(false)

    const theirs = new OperationTracker()
    theirs.update([op('first-vnet'), op('second-vnet')])
    onPoll({ deployment: at('bbb-2', 'Succeeded'), tracker: theirs })
    expect(reported).toEqual(['aaa-1'])
    expect(watch.signal.aborted).toBe(true)

    const outcome = watch.outcome({
      kind: 'finished',
      deployment: at('bbb-2', 'Succeeded'),
      tracker: theirs
    })
    expect(outcome.kind).toBe('replaced')
    expect(outcome).toMatchObject({ replacement: { from: 'aaa-1', to: 'bbb-2' } })
    expect(outcome.deployment).toBeUndefined()
    expect(outcome.tracker.all().map((o) => o.resourceName)).toEqual(['first-vnet'])
  })

  it('leaves the outcome alone when nothing replaced it, and follows the run signal', () => {
    const run = new AbortController()
    const watch = replacementWatch('aaa-1', run.signal)
    const finished = {
      kind: 'finished' as const,
      deployment: at('aaa-1'),
      tracker: new OperationTracker()
    }
    expect(watch.outcome(finished)).toBe(finished)
    run.abort()
    expect(watch.signal.aborted).toBe(true)
  })
})
