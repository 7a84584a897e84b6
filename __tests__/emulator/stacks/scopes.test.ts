// Deployment stacks at subscription and management-group scope through the real
// DeploymentStacksClient: a subscription stack creating a resource group and a module (nested
// deployment readable through the deployments API) and deleting both on delete; a stack deploying
// one scope down (deploymentScope); a management-group stack; the scope rules ARM applies; a
// stack whose template and parameters are links (the action's template-uri).
import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureTemplate } from '../arm/templates.js'
import { useEmulator } from '../../helpers/emulator.js'
import { clients, nsgTemplate, resourceRequest } from './clients.js'

const filesDir = mkdtempSync(join(tmpdir(), 'stack-files-'))
afterAll(() => rmSync(filesDir, { recursive: true, force: true }))
writeFileSync(join(filesDir, 'nsg.json'), JSON.stringify(nsgTemplate(false)))
writeFileSync(
  join(filesDir, 'nsg.parameters.json'),
  JSON.stringify({ contentVersion: '1.0.0.0', parameters: { prefix: { value: 'linked' } } })
)
const emulator = useEmulator({ timeScale: 1200, filesDir })
const POLL = { updateIntervalInMs: 20 }
const MG = 'mg-stacks'

function stack(
  template: Record<string, unknown>,
  parameters: Record<string, { value: unknown }>,
  extra: { deploymentScope?: string; location?: string | null } = {}
): DeploymentStack {
  return {
    ...(extra.location === null ? {} : { location: extra.location ?? 'eastus' }),
    properties: {
      template,
      parameters,
      actionOnUnmanage: { resources: 'detach', resourceGroups: 'detach' },
      denySettings: { mode: 'none' },
      ...(extra.deploymentScope ? { deploymentScope: extra.deploymentScope } : {})
    }
  }
}

describe('deployment stacks at subscription scope', () => {
  it('creates a resource group and a module, then deletes both with the unmanage actions', async () => {
    const c = clients(emulator())
    const sub = `/subscriptions/${emulator().info.subscriptionId}`
    const rgId = `${sub}/resourceGroups/rg-stack-sub`
    const pip = `${rgId}/providers/Microsoft.Network/publicIPAddresses/module-pip`
    const created = await c.stacks.beginCreateOrUpdateAtSubscriptionAndWait(
      'sub-net',
      stack(fixtureTemplate('subscription-rg'), { groupName: { value: 'rg-stack-sub' } }),
      POLL
    )
    expect(created.id).toBe(`${sub}/providers/Microsoft.Resources/deploymentStacks/sub-net`)
    expect(created.location).toBe('eastus')
    expect(created.properties?.provisioningState).toBe('succeeded')
    expect(created.properties?.resources?.map((r) => r.id).sort()).toEqual([rgId, pip].sort())
    expect(created.properties?.outputs?.moduleIp).toMatchObject({ type: 'String' })
    const deployment = (created.properties?.deploymentId ?? '').split('/').pop() ?? ''
    expect(created.properties?.deploymentId).toBe(
      `${sub}/providers/Microsoft.Resources/deployments/${deployment}`
    )
    const targets = []
    for await (const op of c.deployments.deploymentOperations.listAtSubscriptionScope(deployment))
      targets.push(op.properties?.targetResource?.resourceName)
    expect(targets.sort()).toEqual(['pip-module', 'rg-stack-sub'])
    const nested = await c.deployments.deployments.get('rg-stack-sub', 'pip-module')
    expect(nested.properties?.provisioningState).toBe('Succeeded')
    const listed = []
    for await (const s of c.stacks.listAtSubscription()) listed.push(s.name)
    expect(listed).toContain('sub-net')
    expect((await c.stacks.exportTemplateAtSubscription('sub-net')).template).toEqual(
      fixtureTemplate('subscription-rg')
    )

    await c.stacks.beginDeleteAtSubscriptionAndWait('sub-net', {
      ...POLL,
      unmanageActionResources: 'delete',
      unmanageActionResourceGroups: 'delete'
    })
    const group = await resourceRequest(emulator(), c, 'GET', rgId)
    expect([group.status, group.body.error?.code]).toEqual([404, 'ResourceGroupNotFound'])
    expect((await resourceRequest(emulator(), c, 'GET', pip)).status).toBe(404)
  })

  it('deploys into one of its resource groups with deploymentScope, and refuses what ARM refuses', async () => {
    const c = clients(emulator())
    const sub = `/subscriptions/${emulator().info.subscriptionId}`
    const created = await c.stacks.beginCreateOrUpdateAtSubscriptionAndWait(
      'into-rg',
      stack(
        nsgTemplate(false),
        { prefix: { value: 'scoped' } },
        { deploymentScope: `${sub}/resourceGroups/rg-emulator` }
      ),
      POLL
    )
    expect(created.properties?.deploymentScope).toBe(`${sub}/resourceGroups/rg-emulator`)
    expect(created.properties?.deploymentId).toMatch(
      new RegExp(
        `^${sub}/resourceGroups/rg-emulator/providers/Microsoft.Resources/deployments/into-rg-`
      )
    )
    expect(created.properties?.resources?.map((r) => r.id)).toEqual([
      `${sub}/resourceGroups/rg-emulator/providers/Microsoft.Network/networkSecurityGroups/scoped-nsg`
    ])
    await expect(
      c.stacks.beginCreateOrUpdateAtSubscription(
        'no-location',
        stack(
          fixtureTemplate('subscription-rg'),
          { groupName: { value: 'x' } },
          { location: null }
        ),
        POLL
      )
    ).rejects.toMatchObject({ statusCode: 400, code: 'LocationRequired' })
    await expect(
      c.stacks.beginCreateOrUpdateAtSubscription(
        'elsewhere',
        stack(
          nsgTemplate(false),
          { prefix: { value: 'x' } },
          { deploymentScope: `/providers/Microsoft.Management/managementGroups/${MG}` }
        ),
        POLL
      )
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidDeploymentStackDeploymentScope' })
  })
})

describe('deployment stacks at management-group scope', () => {
  it('creates, validates, lists, exports and deletes (detach) a management-group stack', async () => {
    const c = clients(emulator())
    const mg = `/providers/Microsoft.Management/managementGroups/${MG}`
    const policy = `${mg}/providers/Microsoft.Authorization/policyDefinitions/deny-public-ip`
    const body = stack(fixtureTemplate('management-group'), {})
    const validated = await c.stacks.beginValidateStackAtManagementGroupAndWait(
      MG,
      'policies',
      body,
      POLL
    )
    expect(validated.properties?.validatedResources).toEqual([{ id: policy }])
    const created = await c.stacks.beginCreateOrUpdateAtManagementGroupAndWait(
      MG,
      'policies',
      body,
      POLL
    )
    expect(created.id).toBe(`${mg}/providers/Microsoft.Resources/deploymentStacks/policies`)
    expect(created.properties?.resources?.map((r) => r.id)).toEqual([policy])
    expect(created.properties?.outputs).toEqual({ policyId: { type: 'String', value: policy } })
    expect(created.properties?.deploymentId).toMatch(
      new RegExp(`^${mg}/providers/Microsoft.Resources/deployments/policies-\\d{8}-[0-9a-f]{5}$`)
    )
    expect(
      (await c.stacks.getAtManagementGroup(MG, 'policies')).properties?.provisioningState
    ).toBe('succeeded')
    const listed = []
    for await (const s of c.stacks.listAtManagementGroup(MG)) listed.push(s.name)
    expect(listed).toEqual(['policies'])
    expect((await c.stacks.exportTemplateAtManagementGroup(MG, 'policies')).template).toEqual(
      fixtureTemplate('management-group')
    )
    await c.stacks.beginDeleteAtManagementGroupAndWait(MG, 'policies', POLL)
    await expect(c.stacks.getAtManagementGroup(MG, 'policies')).rejects.toMatchObject({
      statusCode: 404,
      code: 'DeploymentStackNotFound'
    })
  })

  it('deploys into a subscription below it with deploymentScope', async () => {
    const c = clients(emulator())
    const sub = `/subscriptions/${emulator().info.subscriptionId}`
    const created = await c.stacks.beginCreateOrUpdateAtManagementGroupAndWait(
      MG,
      'landing-zone',
      stack(
        fixtureTemplate('subscription-rg'),
        { groupName: { value: 'rg-from-mg' } },
        { deploymentScope: sub }
      ),
      POLL
    )
    expect(created.properties?.provisioningState).toBe('succeeded')
    expect(created.properties?.resources?.map((r) => r.id)).toContain(
      `${sub}/resourceGroups/rg-from-mg`
    )
    const deployment = (created.properties?.deploymentId ?? '').split('/').pop() ?? ''
    expect(created.properties?.deploymentId).toBe(
      `${sub}/providers/Microsoft.Resources/deployments/${deployment}`
    )
    const top = await c.deployments.deployments.getAtSubscriptionScope(deployment)
    expect(top.properties?.provisioningState).toBe('Succeeded')
  })
})

describe('a stack deployed from links', () => {
  it('runs templateLink + parametersLink and exports the link, not a template', async () => {
    const c = clients(emulator())
    const { filesUrl } = emulator().info
    const templateLink = { uri: `${filesUrl}/nsg.json` }
    const created = await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait(
      'rg-emulator',
      'linked',
      {
        properties: {
          templateLink,
          parametersLink: { uri: `${filesUrl}/nsg.parameters.json` },
          actionOnUnmanage: { resources: 'detach' },
          denySettings: { mode: 'none' }
        }
      },
      POLL
    )
    expect(created.properties?.provisioningState).toBe('succeeded')
    expect(created.properties?.resources?.map((r) => (r.id ?? '').split('/').pop())).toEqual([
      'linked-nsg'
    ])
    expect(await c.stacks.exportTemplateAtResourceGroup('rg-emulator', 'linked')).toEqual({
      templateLink
    })
  })
})
