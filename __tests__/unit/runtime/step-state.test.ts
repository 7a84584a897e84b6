import { describe, expect, it } from 'vitest'
import type { StateStore } from '../../../src/runtime/ports.js'
import { isPost, markMainStep, readMainStepState } from '../../../src/runtime/step-state.js'

/** The runner's round trip: what the main step saves, the post step reads. */
function store(
  initial: Record<string, string> = {}
): StateStore & { saved: Record<string, string> } {
  const saved: Record<string, string> = { ...initial }
  return {
    saved,
    saveState: (name, value) => void (saved[name] = value),
    getState: (name) => saved[name] ?? ''
  }
}

describe('step-state', () => {
  it('the main step marks itself, so the same entry point runs the post step next', () => {
    const s = store()
    expect(isPost(s)).toBe(false)
    markMainStep(s)
    expect(isPost(s)).toBe(true)
  })

  it('reads what the post step needs, and nothing when the main step saved nothing', () => {
    expect(readMainStepState(store())).toEqual({ cancelOnAbort: false })
    expect(
      readMainStepState(
        store({
          'deployment-id': '/subscriptions/s/providers/Microsoft.Resources/deployments/d',
          'deployment-name': 'd',
          'cancel-on-abort': 'true',
          'main-step-end': 'finished'
        })
      )
    ).toEqual({
      deploymentId: '/subscriptions/s/providers/Microsoft.Resources/deployments/d',
      deploymentName: 'd',
      cancelOnAbort: true,
      end: 'finished'
    })
  })
})
