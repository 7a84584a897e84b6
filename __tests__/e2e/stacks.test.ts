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
    neverEnd: [{ resourceName: 'slow-pip' }]
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
      '| Microsoft.Network/networkSecurityGroups | deny-nsg | Succeeded |'
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
