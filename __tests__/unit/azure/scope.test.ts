import { describe, expect, it } from 'vitest'
import {
  deploymentBody,
  deploymentId,
  parseDeploymentId,
  portalLink,
  SCOPE_TABLE,
  subscriptionOf,
  type ScopeTarget
} from '../../../src/azure/scope.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const targets: Array<[ScopeTarget, string]> = [
  [
    { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg-hub' },
    `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Resources/deployments/hub`
  ],
  [
    { type: 'subscription', subscriptionId: SUB },
    `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/hub`
  ],
  [
    { type: 'managementGroup', managementGroupId: 'mg-platform' },
    '/providers/Microsoft.Management/managementGroups/mg-platform/providers/Microsoft.Resources/deployments/hub'
  ],
  [{ type: 'tenant' }, '/providers/Microsoft.Resources/deployments/hub']
]

describe('the scope table', () => {
  it.each(targets)('%o has id %s, and the id parses back', (target, id) => {
    expect(deploymentId(target, 'hub')).toBe(id)
    expect(parseDeploymentId(id)).toEqual({ target, name: 'hub' })
  })

  it('parses ids case-insensitively, as ARM returns them', () => {
    expect(
      parseDeploymentId(
        `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.resources/deployments/m1`
      )
    ).toEqual({
      target: { type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' },
      name: 'm1'
    })
    expect(
      parseDeploymentId(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`
      )
    ).toBeUndefined()
  })

  it('decodes the name, and keeps a malformed escape rather than throwing', () => {
    expect(parseDeploymentId('/providers/Microsoft.Resources/deployments/hub%281%29')?.name).toBe(
      'hub(1)'
    )
    expect(parseDeploymentId('/providers/Microsoft.Resources/deployments/hub%E0')?.name).toBe(
      'hub%E0'
    )
  })

  it('binds clients to the subscription only where ARM uses one', () => {
    expect(targets.map(([t]) => subscriptionOf(t))).toEqual([SUB, SUB, '', ''])
  })

  it('puts a location in the PUT body everywhere but at resource group scope', () => {
    const props = { mode: 'Incremental' as const }
    expect(
      deploymentBody({ type: 'resourceGroup', subscriptionId: SUB, resourceGroupName: 'rg' }, props)
    ).toEqual({ properties: props })
    expect(
      deploymentBody({ type: 'subscription', subscriptionId: SUB, location: 'westeurope' }, props, {
        env: 'prod'
      })
    ).toEqual({
      location: 'westeurope',
      properties: props,
      tags: { env: 'prod' }
    })
    expect(
      deploymentBody(
        { type: 'managementGroup', managementGroupId: 'mg', location: 'westeurope' },
        props
      ).location
    ).toBe('westeurope')
    expect(deploymentBody({ type: 'tenant', location: 'westeurope' }, props).location).toBe(
      'westeurope'
    )
  })

  it('has every operation for every scope', () => {
    for (const entry of Object.values(SCOPE_TABLE)) {
      for (const op of [
        'create',
        'get',
        'listOperations',
        'cancel',
        'validate',
        'whatIf',
        'prefix'
      ] as const) {
        expect(typeof entry[op]).toBe('function')
      }
    }
  })

  it('links to the deployment in the portal', () => {
    expect(portalLink('https://portal.azure.com', targets[3][1])).toBe(
      'https://portal.azure.com/#view/HubsExtension/DeploymentDetailsBlade/~/overview/id/%2Fproviders%2FMicrosoft.Resources%2Fdeployments%2Fhub'
    )
  })
})
