// Issue 11 item 1 end to end: the hub sample with ARM refusing, for the whole run, to list one
// nested deployment's operations (403 AuthorizationFailed, as for a spoke in a subscription where
// the principal may deploy but not read operations). The deployment succeeds, so the step does:
// exit 0, verdict Succeeded, exactly one warning naming that nested deployment.
import { describe, expect, it } from 'vitest'
import { withEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const DENIED = 'contoso-spoke-app'

describe('a nested deployment whose operations cannot be listed', () => {
  it('Succeeded, exit 0, one warning about it, and its listing retried less and less often', async (ctx) => {
    const e = await withEmulator(ctx, {
      timeScale: 240,
      tokenLifetime: '60m',
      scenario: 'examples/hub-and-spoke/scenario.json'
    })
    e.addFault({
      kind: 'http-error',
      status: 403,
      method: 'GET',
      pathContains: `/deployments/${DENIED}/operations`
    })
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-hub', 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: secretInputs(e, {
        'resource-group-name': 'rg-hub',
        'template-file': 'examples/hub-and-spoke/azuredeploy.json',
        'parameters-file': 'examples/hub-and-spoke/azuredeploy.parameters.json',
        parameters: JSON.stringify({ vpnSharedKey: 'key-nested-403-Zq9!' }),
        name: 'hub-403',
        'poll-interval': '1'
      })
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    expect(run.errors).toEqual([])
    expect(run.warnings).toHaveLength(1)
    expect(run.warnings[0]).toMatch(
      new RegExp(
        `^Listing the operations of nested deployment '${DENIED}' failed \\(HTTP 403\\): AuthorizationFailed: .+\\. Progress below it is not shown until this works; the deployment itself is still polled and decides the verdict\\.$`
      )
    )
    // The other spoke's progress is still shown; the denied one's listing backs off.
    expect(run.stdout).toMatch(/contoso-data-vnet \[contoso-spoke-data\] Succeeded/)
    const log = e.requestLog().filter((r) => r.service === 'arm' && r.method === 'GET')
    const polls = log.filter((r) => /\/deployments\/hub-403\?/.test(r.path)).length
    const denied = log.filter((r) => r.path.includes(`/deployments/${DENIED}/operations`))
    expect(denied.every((r) => r.status === 403)).toBe(true)
    expect(denied.length).toBeGreaterThan(1)
    expect(denied.length).toBeLessThan(polls / 2)
  })
})
