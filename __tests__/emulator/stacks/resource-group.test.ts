// Deployment stacks at resource-group scope, driven by the real DeploymentStacksClient: a
// long-running create polled to the end (its deployment's operations readable through the
// deployments API), resources dropped on update (detach keeps them, delete removes them),
// non-terminal conflicts, cancel through the deployment, a failing resource, validate,
// exportTemplate, list and delete. Deny settings and out-of-sync: deny-settings.test.ts.
import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import { describe, expect, it } from 'vitest'
import { sleep, useEmulator } from '../../helpers/emulator.js'
import {
  clients,
  nsgIds,
  nsgStack as stack,
  nsgTemplate,
  resourceRequest,
  type Clients
} from './clients.js'

const emulator = useEmulator({
  timeScale: 1200,
  scenario: {
    durations: { byName: { 'slow-pip': '40m' } },
    failures: [
      {
        resourceName: 'broken-nsg',
        code: 'SecurityRuleInvalid',
        message: 'Security rule is invalid.'
      }
    ]
  }
})
const POLL = { updateIntervalInMs: 20 }
const PHASES = [
  'initializing',
  'validating',
  'deploying',
  'deletingResources',
  'updatingDenyAssignments',
  'succeeded'
]

function group(name: string): string {
  emulator().arm.createResourceGroup(emulator().info.subscriptionId, name, 'eastus')
  return name
}

const ids = (rg: string, prefix: string) => nsgIds(emulator(), rg, prefix)

async function until(
  c: Clients,
  rg: string,
  name: string,
  state: string
): Promise<DeploymentStack> {
  for (let i = 0; i < 500; i++) {
    const s = await c.stacks.getAtResourceGroup(rg, name)
    if (s.properties?.provisioningState === state) return s
    await sleep(10)
  }
  throw new Error(`stack ${name} never reached ${state}`)
}

const deploymentName = (s: DeploymentStack) =>
  (s.properties?.deploymentId ?? '').split('/').pop() ?? ''

describe('deployment stacks at resource-group scope (real DeploymentStacksClient)', () => {
  it('creates a stack over 40 emulated minutes, polled to succeeded, its deployment readable', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-create')
    const poller = await c.stacks.beginCreateOrUpdateAtResourceGroup(
      rg,
      'net',
      stack('slow', true),
      POLL
    )
    const seen: string[] = []
    let done = false
    const watch = (async () => {
      while (!done) {
        const s = await c.stacks.getAtResourceGroup(rg, 'net')
        if (seen.at(-1) !== s.properties?.provisioningState)
          seen.push(s.properties?.provisioningState ?? '')
        await sleep(10)
      }
    })()
    const result = await poller.pollUntilDone()
    done = true
    await watch

    expect(result.properties?.provisioningState).toBe('succeeded')
    expect(seen).toContain('deploying')
    // Every phase seen is one of the stack's, in the order it goes through them.
    expect(seen.map((s) => PHASES.indexOf(s))).toEqual(
      seen.map((s) => PHASES.indexOf(s)).sort((a, b) => a - b)
    )
    const { nsg, pip } = ids(rg, 'slow')
    expect(result.properties?.resources?.map((r) => [r.id, r.status, r.denyStatus]).sort()).toEqual(
      [
        [nsg, 'managed', 'none'],
        [pip, 'managed', 'none']
      ]
    )
    expect(result.properties?.outputs).toEqual({ nsgId: { type: 'String', value: nsg } })
    expect(result.properties?.deploymentId).toMatch(
      new RegExp(
        `^/subscriptions/[^/]+/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/net-\\d{8}-[0-9a-f]{5}$`
      )
    )
    const deployment = await c.deployments.deployments.get(rg, deploymentName(result))
    expect(deployment.properties?.provisioningState).toBe('Succeeded')
    expect(deployment.properties?.duration).toMatch(/^PT\d+(\.\d+)?S$/)
    const ops = []
    for await (const op of c.deployments.deploymentOperations.list(rg, deploymentName(result)))
      ops.push(op.properties?.targetResource?.resourceName)
    expect(ops.sort()).toEqual(['slow-nsg', 'slow-pip'])
    expect((await resourceRequest(emulator(), c, 'GET', pip)).status).toBe(200)
  })

  it('detaches a resource dropped from the template, or deletes it per actionOnUnmanage', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-unmanage')
    const { nsg, pip } = ids(rg, 'u')
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(rg, 'u', stack('u', true), POLL)

    const detached = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'u',
      stack('u', false),
      POLL
    )
    expect(detached.properties?.detachedResources).toEqual([{ id: pip }])
    expect(detached.properties?.deletedResources).toEqual([])
    expect(detached.properties?.resources?.map((r) => r.id)).toEqual([nsg])
    expect((await resourceRequest(emulator(), c, 'GET', pip)).status).toBe(200)

    // Adopted again, then dropped with delete: gone from the emulated Azure.
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(rg, 'u', stack('u', true), POLL)
    const deleted = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'u',
      stack('u', false, { actionOnUnmanage: { resources: 'delete' } }),
      POLL
    )
    expect(deleted.properties?.deletedResources).toEqual([{ id: pip }])
    expect(deleted.properties?.detachedResources).toEqual([])
    expect(deleted.properties?.resources?.map((r) => r.id)).toEqual([nsg])
    const gone = await resourceRequest(emulator(), c, 'GET', pip)
    expect([gone.status, gone.body.error?.code]).toEqual([404, 'ResourceNotFound'])
  })

  it('refuses a PUT or DELETE while the stack runs (409), and a cancel of its deployment cancels it', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-busy')
    const poller = await c.stacks.beginCreateOrUpdateAtResourceGroup(
      rg,
      'busy',
      stack('slow', true),
      POLL
    )
    const running = await until(c, rg, 'busy', 'deploying')
    const conflict = {
      statusCode: 409,
      code: 'DeploymentStackInNonTerminalState',
      message:
        "The deployment stack 'busy' could not be deployed as it is currently in a non-terminal state 'Deploying'."
    }
    await expect(
      c.stacks.beginCreateOrUpdateAtResourceGroup(rg, 'busy', stack('slow', true), POLL)
    ).rejects.toMatchObject(conflict)
    await expect(c.stacks.beginDeleteAtResourceGroup(rg, 'busy', POLL)).rejects.toMatchObject({
      ...conflict,
      message:
        "The deployment stack 'busy' could not be deleted as it is currently in a non-terminal state 'Deploying'."
    })

    await sleep(100) // the NSG (20 emulated seconds) finishes; the 40-minute public IP does not
    await c.deployments.deployments.cancel(rg, deploymentName(running))
    await expect(poller.pollUntilDone()).rejects.toThrow()
    const canceled = await c.stacks.getAtResourceGroup(rg, 'busy')
    expect(canceled.properties?.provisioningState).toBe('canceled')
    expect(canceled.properties?.resources?.map((r) => r.id)).toEqual([ids(rg, 'slow').nsg])
  })

  it('fails the stack with its deployment error when a resource fails', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-fail')
    // core-lro reports a failed Azure-AsyncOperation as a plain Error naming the code; the
    // structured error is on the stack (GET).
    await expect(
      c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(rg, 'broken', stack('broken', false), POLL)
    ).rejects.toThrow(
      /^The long-running operation has failed\. DeploymentFailed\. At least one resource/
    )
    const failed = await c.stacks.getAtResourceGroup(rg, 'broken')
    expect(failed.properties?.provisioningState).toBe('failed')
    expect(failed.properties?.error?.details?.map((d) => d.code)).toEqual(['SecurityRuleInvalid'])
    expect(failed.properties?.resources).toEqual([])
  })

  it('validates without creating anything, and refuses a bad template or body', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-validate')
    const result = await c.stacks.beginValidateStackAtResourceGroupAndWait(
      rg,
      'v',
      stack('v', true),
      POLL
    )
    expect(result.properties?.validatedResources?.map((r) => r.id).sort()).toEqual(
      Object.values(ids(rg, 'v')).sort()
    )
    expect(result.properties?.denySettings).toEqual({ mode: 'none' })
    await expect(c.stacks.getAtResourceGroup(rg, 'v')).rejects.toMatchObject({
      statusCode: 404,
      code: 'DeploymentStackNotFound'
    })
    await expect(
      c.stacks.beginValidateStackAtResourceGroupAndWait(
        rg,
        'v',
        stack('v', true, { parameters: {} }),
        POLL
      )
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidTemplate' })
    await expect(
      c.stacks.beginValidateStackAtResourceGroupAndWait(
        rg,
        'v',
        {
          properties: { ...stack('v', true).properties, denySettings: undefined }
        } as unknown as DeploymentStack,
        POLL
      )
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidRequestContent' })
    await expect(
      c.stacks.beginValidateStackAtResourceGroupAndWait('rg-missing', 'v', stack('v', true), POLL)
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' })
  })

  it('exports the template, lists the stacks, and deletes with the unmanage actions', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-delete')
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(rg, 'keep', stack('keep', true), POLL)
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(rg, 'drop', stack('drop', true), POLL)
    expect((await c.stacks.exportTemplateAtResourceGroup(rg, 'keep')).template).toEqual(
      nsgTemplate(true)
    )
    const names = []
    for await (const s of c.stacks.listAtResourceGroup(rg)) names.push(s.name)
    expect(names.sort()).toEqual(['drop', 'keep'])

    await c.stacks.beginDeleteAtResourceGroupAndWait(rg, 'keep', POLL)
    await c.stacks.beginDeleteAtResourceGroupAndWait(rg, 'drop', {
      ...POLL,
      unmanageActionResources: 'delete'
    })
    for (const name of ['keep', 'drop'])
      await expect(c.stacks.getAtResourceGroup(rg, name)).rejects.toMatchObject({ statusCode: 404 })
    const kept = ids(rg, 'keep')
    const dropped = ids(rg, 'drop')
    expect((await resourceRequest(emulator(), c, 'GET', kept.pip)).status).toBe(200)
    expect((await resourceRequest(emulator(), c, 'GET', kept.nsg)).status).toBe(200)
    expect((await resourceRequest(emulator(), c, 'GET', dropped.pip)).status).toBe(404)
    expect((await resourceRequest(emulator(), c, 'GET', dropped.nsg)).status).toBe(404)
    // DELETE of a stack that is not there: 204, which the SDK takes as done.
    await c.stacks.beginDeleteAtResourceGroupAndWait(rg, 'never', POLL)
  })
})
