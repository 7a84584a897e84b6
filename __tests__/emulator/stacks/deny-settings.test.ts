// Deny settings of deployment stacks as ARM enforces them, driven by the real
// DeploymentStacksClient: a delete of a denied resource by a principal that is not excluded is
// refused with 403 DenyAssignmentAuthorizationFailed; an excluded principal may delete it, which
// leaves the stack out of sync until a PUT bypasses the error; applyToChildScopes reaches
// resources below a managed one; a stack cannot delete a resource another stack denies
// (failedResources).
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../../helpers/emulator.js'
import {
  callerOid,
  clients,
  nsgIds,
  nsgStack as stack,
  nsgTemplate,
  resourceRequest
} from './clients.js'

const emulator = useEmulator({ timeScale: 1200 })
const POLL = { updateIntervalInMs: 20 }

function group(name: string): string {
  emulator().arm.createResourceGroup(emulator().info.subscriptionId, name, 'eastus')
  return name
}

const ids = (rg: string, prefix: string) => nsgIds(emulator(), rg, prefix)

describe('deny settings of deployment stacks', () => {
  it('refuses a delete of a denied resource unless the caller is excluded; then reports the stack out of sync until bypassed', async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-deny')
    const { nsg } = ids(rg, 'd')
    const created = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'locked',
      stack('d', false, {
        denySettings: {
          mode: 'denyDelete',
          excludedActions: ['Microsoft.Network/publicIPAddresses/*']
        }
      }),
      POLL
    )
    expect(created.properties?.resources).toEqual([
      { id: nsg, status: 'managed', denyStatus: 'denyDelete' }
    ])
    const oid = await callerOid(emulator(), c)
    const refused = await resourceRequest(emulator(), c, 'DELETE', nsg)
    expect(refused.status).toBe(403)
    expect(refused.body.error?.code).toBe('DenyAssignmentAuthorizationFailed')
    expect(refused.body.error?.message).toContain(
      `The client '${oid}' with object id '${oid}' has permission to perform action 'Microsoft.Network/networkSecurityGroups/delete' on scope '${nsg}'; however, the access is denied because of the deny assignment`
    )
    expect(refused.body.error?.message).toContain(`created by Deployment Stack '${created.id}'`)
    expect((await resourceRequest(emulator(), c, 'GET', nsg)).status).toBe(200)

    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'locked',
      stack('d', false, { denySettings: { mode: 'denyDelete', excludedPrincipals: [oid] } }),
      POLL
    )
    expect((await resourceRequest(emulator(), c, 'DELETE', nsg)).status).toBe(200)
    expect((await resourceRequest(emulator(), c, 'GET', nsg)).status).toBe(404)

    const outOfSync = c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'locked',
      stack('d', false),
      POLL
    )
    await expect(outOfSync).rejects.toMatchObject({
      statusCode: 400,
      code: 'DeploymentStackOutOfSync'
    })
    await expect(
      c.stacks.beginDeleteAtResourceGroupAndWait(rg, 'locked', POLL)
    ).rejects.toMatchObject({
      code: 'DeploymentStackOutOfSync'
    })
    const bypassed = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'locked',
      stack('d', false, { bypassStackOutOfSyncError: true }),
      POLL
    )
    expect(bypassed.properties?.provisioningState).toBe('succeeded')
    expect(bypassed.properties?.bypassStackOutOfSyncError).toBe(true)
    expect((await resourceRequest(emulator(), c, 'GET', nsg)).status).toBe(200)
  })

  it('with applyToChildScopes, denies what sits below a managed resource group', async () => {
    const c = clients(emulator())
    const sub = `/subscriptions/${emulator().info.subscriptionId}`
    const rg = group('rg-stack-child-scopes')
    const template = {
      $schema:
        'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Resources/resourceGroups',
          apiVersion: '2022-09-01',
          name: rg,
          location: 'eastus'
        }
      ]
    }
    const denySettings = { mode: 'denyDelete' as const, applyToChildScopes: true }
    await c.stacks.beginCreateOrUpdateAtSubscriptionAndWait(
      'guarded-group',
      {
        location: 'eastus',
        properties: { template, actionOnUnmanage: { resources: 'detach' }, denySettings }
      },
      POLL
    )
    // Something deployed into the group by a plain deployment, outside the stack.
    await c.deployments.deployments.beginCreateOrUpdateAndWait(
      rg,
      'outside',
      {
        properties: {
          mode: 'Incremental',
          template: nsgTemplate(false),
          parameters: { prefix: { value: 'child' } }
        }
      },
      POLL
    )
    const child = ids(rg, 'child').nsg
    expect(child.startsWith(`${sub}/resourceGroups/${rg}/`)).toBe(true)
    const refused = await resourceRequest(emulator(), c, 'DELETE', child)
    expect([refused.status, refused.body.error?.code]).toEqual([
      403,
      'DenyAssignmentAuthorizationFailed'
    ])

    await c.stacks.beginCreateOrUpdateAtSubscriptionAndWait(
      'guarded-group',
      {
        location: 'eastus',
        properties: {
          template,
          actionOnUnmanage: { resources: 'detach' },
          denySettings: { ...denySettings, applyToChildScopes: false }
        }
      },
      POLL
    )
    expect((await resourceRequest(emulator(), c, 'DELETE', child)).status).toBe(200)
  })

  it("reports a resource another stack's deny settings protect as failed to delete", async () => {
    const c = clients(emulator())
    const rg = group('rg-stack-two-owners')
    const { nsg } = ids(rg, 'shared')
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'owner',
      stack('shared', false, { denySettings: { mode: 'denyDelete' } }),
      POLL
    )
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      rg,
      'second',
      stack('shared', false),
      POLL
    )
    await expect(
      c.stacks.beginDeleteAtResourceGroupAndWait(rg, 'second', {
        ...POLL,
        unmanageActionResources: 'delete'
      })
    ).rejects.toMatchObject({ statusCode: 400, code: 'DeploymentStackDeleteResourcesFailed' })
    const second = await c.stacks.getAtResourceGroup(rg, 'second')
    expect(second.properties?.provisioningState).toBe('failed')
    expect(second.properties?.failedResources?.map((f) => [f.id, f.error?.code])).toEqual([
      [nsg, 'DenyAssignmentAuthorizationFailed']
    ])
    expect(second.properties?.resources).toEqual([
      { id: nsg, status: 'deleteFailed', denyStatus: 'none' }
    ])
    expect((await resourceRequest(emulator(), c, 'GET', nsg)).status).toBe(200)
  })
})
