// The action's own poll reads (src/azure/arm-read.ts through createDeploymentApi, not the generated
// client) against the emulator over HTTPS at all four scopes: paths as Microsoft's spec has them,
// names percent-encoded, nextLink followed, every response passed on, ARM's errors kept.
import { DeploymentsClient, type Deployment } from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import type { TokenRefresher } from '../../src/auth/token-refresher.js'
import type { ArmTokenSource } from '../../src/azure/arm-auth-policy.js'
import { statusOf, toArmCallError } from '../../src/azure/arm-error.js'
import { createArmClients } from '../../src/azure/client-factory.js'
import { createDeploymentApi } from '../../src/azure/deployment-api.js'
import { REMAINING_READS_HEADER } from '../../src/azure/read-throttle.js'
import type { ScopeTarget } from '../../src/azure/scope.js'
import { validateRequestLog } from '../../emulator/schemas/validate-log.js'
import { fixtureTemplate } from '../emulator/arm/templates.js'
import { useEmulator } from '../helpers/emulator.js'
import { FakeLogger } from '../helpers/fakes.js'

const emulator = useEmulator({ timeScale: 600, pageSize: 10 })
const poll = { updateIntervalInMs: 50 }
const GROUP = 'rg(reads).1'

function credential(): ClientSecretCredential {
  const { info } = emulator()
  return new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
    authorityHost: info.authorityHost,
    disableInstanceDiscovery: true
  })
}

/** The generated client, to set up deployments the reads then read. */
function sdk(): DeploymentsClient {
  const { info } = emulator()
  return new DeploymentsClient(credential(), info.subscriptionId, {
    endpoint: info.armEndpoint,
    credentials: { scopes: [`${info.armEndpoint}/.default`] }
  })
}

/** The action's deployment API, signed in with the emulator's client secret. */
function actionApi() {
  const { info } = emulator()
  const scope = `${info.armEndpoint}/.default`
  const cred = credential()
  const token = async () => {
    const t = await cred.getToken(scope)
    if (!t) throw new Error('no token')
    return t
  }
  const source = { getToken: token, forceRefresh: token } as unknown as TokenRefresher &
    ArmTokenSource
  const cloud = {
    name: 'custom',
    resourceManagerEndpoint: info.armEndpoint,
    authorityHost: info.authorityHost,
    armScope: scope,
    portalUrl: 'https://portal.example'
  }
  return createDeploymentApi(createArmClients(cloud, source, new FakeLogger()))
}

const body = (template: unknown, parameters: Record<string, unknown> = {}, location?: string) =>
  ({
    ...(location ? { location } : {}),
    properties: {
      mode: 'Incremental',
      template,
      parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]))
    }
  }) satisfies Deployment

const pips = (count: number) => ({
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Network/publicIPAddresses',
      apiVersion: '2023-09-01',
      name: "[concat('pip-', copyIndex())]",
      location: 'eastus',
      copy: { name: 'pips', count },
      properties: {}
    }
  ]
})

describe("the action's poll reads against the emulator", () => {
  it('reads and lists at all four scopes, paging by nextLink, names with parentheses encoded', async () => {
    const { info } = emulator()
    const sub = info.subscriptionId
    const deployments = sdk().deployments
    await deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait(
      'reads-sub',
      body(fixtureTemplate('subscription-rg'), { groupName: GROUP }, 'westeurope'),
      poll
    )
    await deployments.beginCreateOrUpdateAndWait(GROUP, 'pips(23)', body(pips(23)), poll)
    await deployments.beginCreateOrUpdateAtManagementGroupScopeAndWait(
      'mg-sdk',
      'reads-mg',
      { ...body(fixtureTemplate('management-group')), location: 'eastus' },
      poll
    )
    await deployments.beginCreateOrUpdateAtTenantScopeAndWait(
      'reads-tenant',
      { ...body(fixtureTemplate('tenant')), location: 'eastus' },
      poll
    )

    const api = actionApi()
    const setUp = emulator().requestLog().length
    const cases: Array<[ScopeTarget, string, number[]]> = [
      [
        { type: 'resourceGroup', subscriptionId: sub, resourceGroupName: GROUP },
        'pips(23)',
        [10, 10, 3]
      ],
      [{ type: 'subscription', subscriptionId: sub }, 'reads-sub', [2]],
      [{ type: 'managementGroup', managementGroupId: 'mg-sdk' }, 'reads-mg', [1]],
      [{ type: 'tenant' }, 'reads-tenant', [1]]
    ]
    for (const [target, name, pageSizes] of cases) {
      const remaining: Array<string | undefined> = []
      const onResponse = (r: { headers: { get(n: string): string | undefined } }) =>
        remaining.push(r.headers.get(REMAINING_READS_HEADER))
      const deployment = await api.get(target, name, { onResponse })
      expect(deployment.name).toBe(name)
      expect(deployment.properties?.provisioningState).toBe('Succeeded')
      expect(deployment.properties?.timestamp).toBeInstanceOf(Date)
      const sizes: number[] = []
      for await (const page of api.listOperationPages(target, name, { onResponse })) {
        sizes.push(page.length)
        for (const op of page)
          expect(new Date(op.properties?.timestamp ?? '').getTime()).toBeGreaterThan(0)
      }
      expect(sizes).toEqual(pageSizes)
      // One response per read, each with the subscription's read budget (the pacer's input).
      expect(remaining).toHaveLength(1 + pageSizes.length)
      for (const r of remaining) expect(Number(r)).toBeGreaterThan(0)
    }

    const reads = emulator()
      .requestLog()
      .slice(setUp)
      .filter((e) => e.method === 'GET' && e.path.includes('pips%2823%29'))
      .map((e) => e.path.split('?')[0])
    expect(reads).toEqual([
      `/subscriptions/${sub}/resourceGroups/rg%28reads%29.1/providers/Microsoft.Resources/deployments/pips%2823%29`,
      `/subscriptions/${sub}/resourcegroups/rg%28reads%29.1/deployments/pips%2823%29/operations`,
      `/subscriptions/${sub}/resourcegroups/rg%28reads%29.1/deployments/pips%2823%29/operations`,
      `/subscriptions/${sub}/resourcegroups/rg%28reads%29.1/deployments/pips%2823%29/operations`
    ])
  })

  it("fails a read of a missing deployment with ARM's 404, its code and correlation id", async () => {
    const { info } = emulator()
    const error = await actionApi()
      .get({ type: 'subscription', subscriptionId: info.subscriptionId }, 'no-such')
      .catch((e: unknown) => e)
    expect(statusOf(error)).toBe(404)
    const message = toArmCallError("Reading deployment 'no-such'", error).message
    expect(message).toContain('DeploymentNotFound')
    expect(message).toMatch(/correlation id: \S+/)
  })

  it('every ARM response of this run matches the OpenAPI-derived schemas', () => {
    expect(validateRequestLog(emulator().requestLog())).toEqual([])
  })
})
