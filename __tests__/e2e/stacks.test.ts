// Deployment stacks through `node dist/index.js` (type: deploymentStack), against the emulator's
// stacks API: an update that drops a resource deletes it or detaches it per
// action-on-unmanage-resources, a delete, deny settings refusing another principal's delete,
// attach (by operation and after a 409), cancel-on-abort through the stack's deployment, validate,
// and a stack input on a plain deployment refused before any call. Every response the emulator
// gave is held to the stacks OpenAPI when the file ends (useEmulator).
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { sleep, useEmulator } from '../helpers/emulator.js'
import {
  runAction,
  secretInputs,
  startAction,
  type ActionRun,
  type RunningAction
} from '../helpers/run-action.js'
import { callerOid, clients, resourceRequest } from '../emulator/stacks/clients.js'

// The public IP takes 4 emulated minutes (4 s real); 'slow-pip' never ends on its own.
const emulator = useEmulator({
  timeScale: 60,
  scenario: {
    durations: { byType: { 'Microsoft.Network/publicIPAddresses': '4m' } },
    neverEnd: [{ resourceName: 'slow-pip' }],
    failures: [
      {
        resourceName: 'broken-nsg',
        code: 'SecurityRuleInvalid',
        message: 'Security rule is invalid.'
      }
    ]
  }
})

const WITH_IP = '__tests__/fixtures/e2e/stack-nsg-pip.json'
const WITHOUT_IP = '__tests__/fixtures/e2e/stack-nsg.json'

function group(e: StartedEmulator, name: string): string {
  e.arm.createResourceGroup(e.info.subscriptionId, name, 'westeurope')
  return name
}

function stackInputs(
  e: StartedEmulator,
  rg: string,
  prefix: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    ...secretInputs(e),
    type: 'deploymentStack',
    name: `stack-${prefix}`,
    'resource-group-name': rg,
    'template-file': WITH_IP,
    parameters: JSON.stringify({ prefix }),
    'action-on-unmanage-resources': 'detach',
    'deny-settings-mode': 'none',
    'poll-interval': '1',
    ...extra
  }
}

const ids = (e: StartedEmulator, rg: string, prefix: string) => {
  const base = `/subscriptions/${e.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network`
  return {
    nsg: `${base}/networkSecurityGroups/${prefix}-nsg`,
    pip: `${base}/publicIPAddresses/${prefix}-pip`,
    stack: `/subscriptions/${e.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Resources/deploymentStacks/stack-${prefix}`
  }
}

async function exists(e: StartedEmulator, id: string): Promise<boolean> {
  const { status } = await resourceRequest(e, clients(e), 'GET', id)
  expect([200, 404]).toContain(status)
  return status === 200
}

async function stackOf(e: StartedEmulator, rg: string, name: string) {
  return clients(e).stacks.getAtResourceGroup(rg, name)
}

function expectGreen(run: ActionRun): void {
  expect(run.stderr).toBe('')
  expect(run.errors).toEqual([])
  expect(run.exitCode, run.stdout).toBe(0)
}

describe('deployment stacks through the action', () => {
  it('an update that drops a resource detaches it (it stays) or deletes it (it is gone)', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-unmanage')
    const { nsg, pip, stack } = ids(e, rg, 'um')
    const created = await runAction({ emulator: e, inputs: stackInputs(e, rg, 'um') })
    expectGreen(created)
    expect(created.outputs['deployment-id']).toBe(stack)
    expect(created.outputs['provisioning-state']).toBe('Succeeded')
    expect(created.outputs.nsgId).toBe(nsg)
    expect(created.summary).toContain('## ✅ Deployment stack stack-um: Succeeded')
    expect(created.summary).toContain(`| \`${pip}\` | managed | none |`)

    // detach: the public IP leaves the stack and stays in Azure.
    const detached = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'um', { 'template-file': WITHOUT_IP })
    })
    expectGreen(detached)
    expect(detached.summary).toContain(`### Detached resources (1)\n\n- \`${pip}\``)
    expect(detached.summary).not.toContain('### Deleted resources')
    expect(await exists(e, pip)).toBe(true)
    const afterDetach = await stackOf(e, rg, 'stack-um')
    expect(afterDetach.properties?.resources?.map((r) => r.id)).toEqual([nsg])

    // Adopted again, then dropped with delete: gone from Azure.
    expectGreen(await runAction({ emulator: e, inputs: stackInputs(e, rg, 'um') }))
    const deleted = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'um', {
        'template-file': WITHOUT_IP,
        'action-on-unmanage-resources': 'delete'
      })
    })
    expectGreen(deleted)
    expect(deleted.stdout).toContain('Deployment stack stack-um is deletingResources')
    expect(deleted.summary).toContain(`### Deleted resources (1)\n\n- \`${pip}\``)
    expect(deleted.summary).toContain('| Unmanaged resources | delete (')
    expect(await exists(e, pip)).toBe(false)
    expect(await exists(e, nsg)).toBe(true)
  })

  it('operation delete removes the stack and, with delete, its resources', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-delete')
    const { nsg, pip } = ids(e, rg, 'del')
    expectGreen(await runAction({ emulator: e, inputs: stackInputs(e, rg, 'del') }))

    // A delete needs no template and no deny settings.
    const { 'template-file': _t, 'deny-settings-mode': _d, ...rest } = stackInputs(e, rg, 'del')
    const run = await runAction({
      emulator: e,
      inputs: { ...rest, operation: 'delete', 'action-on-unmanage-resources': 'delete' }
    })
    expectGreen(run)
    expect(run.outputs['provisioning-state']).toBe('Deleted')
    expect(run.stdout).toContain('Deployment stack stack-del is deleting')
    expect(run.stdout).toContain('Deployment stack stack-del was deleted after')
    expect(run.summary).toContain('## ✅ Deployment stack stack-del: Deleted')
    expect(run.summary).toContain('### Deleted resources (2)')
    expect(await exists(e, nsg)).toBe(false)
    expect(await exists(e, pip)).toBe(false)
    await expect(stackOf(e, rg, 'stack-del')).rejects.toMatchObject({ statusCode: 404 })
    const deletes = e
      .requestLog()
      .filter((r) => r.method === 'DELETE' && r.path.includes('/deploymentStacks/stack-del'))
    expect(deletes.map((r) => r.path)).toEqual([
      expect.stringContaining('unmanageAction.Resources=delete')
    ])

    // Deleting it again: there is nothing to delete, and that is not a failure.
    const again = await runAction({
      emulator: e,
      inputs: { ...rest, operation: 'delete', 'action-on-unmanage-resources': 'delete' }
    })
    expectGreen(again)
    expect(again.stdout).toContain("There is no deployment stack 'stack-del'")
  })

  it('deny settings: another principal cannot delete a managed resource unless excluded', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-deny')
    const { nsg } = ids(e, rg, 'deny')
    const run = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'deny', {
        'template-file': WITHOUT_IP,
        'deny-settings-mode': 'denyDelete',
        'deny-settings-excluded-actions': 'Microsoft.Network/publicIPAddresses/*'
      })
    })
    expectGreen(run)
    // It ended between two polls: its deployment was still read once for the summary.
    expect(run.summary).toContain(
      '| ✅ Succeeded | deny-nsg | <abbr title="Microsoft.Network/networkSecurityGroups">networkSecurityGroups</abbr> |'
    )
    expect(run.summary).toContain(`| \`${nsg}\` | managed | denyDelete |`)
    // A portal user or `az resource delete` with their own token.
    const c = clients(e)
    const refused = await resourceRequest(e, c, 'DELETE', nsg)
    expect(refused.status).toBe(403)
    expect(refused.body.error?.code).toBe('DenyAssignmentAuthorizationFailed')
    expect(refused.body.error?.message).toContain(
      `created by Deployment Stack '${ids(e, rg, 'deny').stack}'`
    )
    expect(await exists(e, nsg)).toBe(true)

    // Excluded from the deny settings, the same principal may delete it.
    const oid = await callerOid(e, c)
    expectGreen(
      await runAction({
        emulator: e,
        inputs: stackInputs(e, rg, 'deny', {
          'template-file': WITHOUT_IP,
          'deny-settings-mode': 'denyDelete',
          'deny-settings-excluded-principals': oid
        })
      })
    )
    expect((await resourceRequest(e, c, 'DELETE', nsg)).status).toBe(200)
    expect(await exists(e, nsg)).toBe(false)
  })

  it('attaches to a running stack: by operation attach, and when a create finds it busy (409)', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-attach')
    const started = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'att', { wait: 'false' })
    })
    expectGreen(started)
    expect(started.stdout).toContain(
      "Not waiting for deployment stack stack-att (input 'wait' is false)"
    )
    expect(started.summary).toContain(
      '`type: deploymentStack`, `operation: attach`, `name: stack-att`'
    )

    // A second create while it runs: ARM answers 409, and the action waits for the running one.
    const second = await runAction({ emulator: e, inputs: stackInputs(e, rg, 'att') })
    expectGreen(second)
    expect(second.stdout).toContain(
      "Deployment stack 'stack-att' is already being deployed or deleted in Azure"
    )
    expect(second.stdout).toContain(
      "Attached to deployment stack 'stack-att' (it was already running)"
    )
    expect(second.outputs['provisioning-state']).toBe('Succeeded')
    const puts = e
      .requestLog()
      .filter((r) => r.method === 'PUT' && r.path.includes('/deploymentStacks/stack-att?'))
    expect(puts.map((r) => r.status)).toEqual([201, 409])

    // operation attach on a finished stack reports it at once, without a template.
    const { 'template-file': _t, ...rest } = stackInputs(e, rg, 'att')
    const attached = await runAction({ emulator: e, inputs: { ...rest, operation: 'attach' } })
    expectGreen(attached)
    expect(attached.stdout).toContain(
      "Attached to deployment stack 'stack-att' (input 'operation' is attach): succeeded"
    )
    expect(attached.outputs.nsgId).toBe(ids(e, rg, 'att').nsg)
  })

  it('cancel-on-abort cancels the stack through its deployment', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-cancel')
    const action: RunningAction = startAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'slow', { 'cancel-on-abort': 'true' })
    })
    await action.waitForStdout(/publicIPAddresses slow-pip Running/)
    action.kill('SIGINT')
    const term = setTimeout(() => action.kill('SIGTERM'), 7_500)
    const run = await action.result.finally(() => clearTimeout(term))
    expect(run.signal).toBeNull()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('The run was canceled: canceling deployment stack-slow-')
    const stack = await stackOf(e, rg, 'stack-slow')
    expect(stack.properties?.provisioningState).toBe('canceled')
    expect(run.outputs['provisioning-state']).toBe('Canceled')
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^The run was canceled, so deployment stack stack-slow's deployment stack-slow-\d{8}-[0-9a-f]{5} was canceled in Azure \(input 'cancel-on-abort'\); the stack is Canceled\.$/
      )
    ])
    expect(run.summary).toContain('## ⊘ Deployment stack stack-slow: Canceled')
    // The main step finished with it: the post step rests.
    expect(run.state['main-step-end']).toBe('aborted')
  })

  it('the post step cancels the stack a killed main step was asked to cancel', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-post')
    const inputs = stackInputs(e, rg, 'slow', { 'cancel-on-abort': 'true', name: 'stack-post' })
    const main = startAction({ emulator: e, inputs })
    await main.waitForStdout(/publicIPAddresses slow-pip Running/)
    main.kill('SIGKILL')
    const killed = await main.result
    expect(killed.state['main-step-end']).toBeUndefined()
    // What the post step finds: the stack's deployment, saved once the stack named it.
    expect(killed.state['deployment-id']).toMatch(/\/deployments\/stack-post-\d{8}-[0-9a-f]{5}$/)
    expect((await stackOf(e, rg, 'stack-post')).properties?.provisioningState).toBe('deploying')

    const env = Object.fromEntries(Object.entries(killed.state).map(([k, v]) => [`STATE_${k}`, v]))
    const post = await runAction({ emulator: e, inputs, env })
    expect(post.exitCode, post.stdout).toBe(0)
    expect(post.stdout).toMatch(/Deployment stack-post-\d{8}-[0-9a-f]{5} is Canceled in Azure\./)
    expect((await stackOf(e, rg, 'stack-post')).properties?.provisioningState).toBe('canceled')
  })

  it('timeout stops the wait, not the stack, and says how to attach', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-timeout')
    const run = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'slow', { name: 'stack-timeout', timeout: '4s' })
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['provisioning-state']).toBe('Deploying')
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^Gave up waiting for deployment stack stack-timeout after \d+s \(input 'timeout'\); it is still running in Azure\. To wait for it again, run a step with `type: deploymentStack`, `operation: attach`, `name: stack-timeout`, `subscription-id: [^`]+`, `resource-group-name: rg-stack-timeout`/
    )
    expect(run.summary).toContain('## ⏱️ Deployment stack stack-timeout: TimedOut')
    expect((await stackOf(e, rg, 'stack-timeout')).properties?.provisioningState).toBe('deploying')
  })

  it("a failing resource fails the stack: the resource's error annotated and in the summary", async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-broken')
    const run = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'broken', { 'template-file': WITHOUT_IP })
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['provisioning-state']).toBe('Failed')
    expect(run.errors).toEqual([
      expect.stringContaining('broken-nsg: SecurityRuleInvalid: Security rule is invalid.'),
      expect.stringMatching(
        /^Deployment stack stack-broken ended Failed after \d+s; see the errors above and the job summary\.$/
      )
    ])
    expect(run.summary).toContain('## ❌ Deployment stack stack-broken: Failed')
    expect(run.summary).toContain('SecurityRuleInvalid: Security rule is invalid.')
  })

  it("lists a resource another stack's deny settings protect as failed to delete", async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-owners')
    const { nsg } = ids(e, rg, 'shared')
    const owner = stackInputs(e, rg, 'shared', {
      name: 'owner',
      'template-file': WITHOUT_IP,
      'deny-settings-mode': 'denyDelete'
    })
    expectGreen(await runAction({ emulator: e, inputs: owner }))
    const second = { ...owner, name: 'second', 'deny-settings-mode': 'none' }
    expectGreen(await runAction({ emulator: e, inputs: second }))
    const rest: Record<string, string> = { ...second }
    delete rest['template-file']
    const run = await runAction({
      emulator: e,
      inputs: { ...rest, operation: 'delete', 'action-on-unmanage-resources': 'delete' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['provisioning-state']).toBe('Failed')
    expect(run.summary).toContain('### Failed to delete (1)')
    expect(run.summary).toContain(`| \`${nsg}\` | DenyAssignmentAuthorizationFailed: `)
    expect(run.errors).toEqual([
      expect.stringMatching(new RegExp(`^${nsg}: DenyAssignmentAuthorizationFailed: `)),
      expect.stringMatching(/^Deployment stack second ended Failed after \d+s/)
    ])
    expect(await exists(e, nsg)).toBe(true)
  })

  it('validate asks ARM and deploys nothing', async () => {
    const e = emulator()
    const rg = group(e, 'rg-stack-validate')
    const run = await runAction({
      emulator: e,
      inputs: stackInputs(e, rg, 'val', { operation: 'validate' })
    })
    expectGreen(run)
    expect(run.stdout).toContain(
      'Azure Resource Manager accepts deployment stack stack-val: 2 resource(s) validated'
    )
    await expect(stackOf(e, rg, 'stack-val')).rejects.toMatchObject({ statusCode: 404 })
  })

  it('a stack input on a plain deployment is one error naming it, before any call to Azure', async () => {
    const e = emulator()
    const before = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        'resource-group-name': 'rg-emulator',
        'template-file': WITH_IP,
        'deny-settings-mode': 'denyDelete'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      "Input 'deny-settings-mode' is for deployment stacks only, but 'type' is 'deployment': expected type: deploymentStack with it, or leave it out."
    ])
    expect(e.requestLog().length).toBe(before)
    await sleep(0)
  })
})
