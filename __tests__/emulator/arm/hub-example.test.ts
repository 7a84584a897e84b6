// The sample hub-and-spoke template deploys unchanged: provider-filled properties (the firewall's
// private IP, gateway BGP addresses, peering states) and output/property/variable copy loops.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { addressInPrefix } from '../../../emulator/src/arm/provider-properties.js'
import { deploymentRequest, fakeArm, rgPath, SUB, type Wire } from './fake-context.js'

const example = (file: string): Wire =>
  JSON.parse(
    readFileSync(new URL(`../../../examples/hub-and-spoke/${file}`, import.meta.url), 'utf8')
  )

const RG = `/subscriptions/${SUB}/resourceGroups/rg-emulator/providers`

/** The example's PUT body, with the given VPN shared key. */
function exampleRequest(vpnSharedKey = 'not-shown-1!') {
  const parameters = example('azuredeploy.parameters.json').parameters as Record<string, Wire>
  const values = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.value]))
  return deploymentRequest(example('azuredeploy.json'), { ...values, vpnSharedKey })
}

/** What-if of a body, polled to its result. */
async function whatIfOf(arm: ReturnType<typeof fakeArm>, body: unknown): Promise<Wire[]> {
  const accepted = await arm.call('POST', `${rgPath('hub')}/whatIf`, body)
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202)
  arm.clock.advance(10_000)
  const result = await arm.call('GET', accepted.headers?.Location ?? '')
  expect(result.status).toBe(200)
  return result.body.properties.changes
}

async function deployExample() {
  const arm = fakeArm()
  const put = await arm.call('PUT', rgPath('hub'), exampleRequest())
  expect(put.status, JSON.stringify(put.body)).toBe(201)
  arm.clock.advance(3 * 3_600_000)
  const done = await arm.call('GET', rgPath('hub'))
  expect(done.body.properties.error).toBeUndefined()
  expect(done.body.properties.provisioningState).toBe('Succeeded')
  return { ...arm, done }
}

/** reference(id, apiVersion, 'Full') of an emulated resource, through a tiny template's output. */
async function referenceOf(arm: ReturnType<typeof fakeArm>, id: string): Promise<Wire> {
  const name = `ref-${Math.abs(id.length * 7919) % 1000}-${Math.random().toString(36).slice(2, 7)}`
  await arm.call(
    'PUT',
    rgPath(name),
    deploymentRequest({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [],
      outputs: { r: { type: 'object', value: `[reference('${id}', '2024-05-01', 'Full')]` } }
    })
  )
  arm.clock.advance(10_000)
  const res = await arm.call('GET', rgPath(name))
  expect(res.body.properties.error).toBeUndefined()
  return res.body.properties.outputs.r.value
}

describe('the hub-and-spoke example against the emulated ARM', () => {
  it('deploys as is: firewall private IP from its subnet, spoke ids from an output copy loop', async () => {
    const { done } = await deployExample()
    const outputs = done.body.properties.outputs
    expect(outputs.firewallPrivateIp).toEqual({ type: 'String', value: '10.0.1.4' })
    expect(outputs.spokeVnetIds).toEqual({
      type: 'Array',
      value: [
        `${RG}/Microsoft.Network/virtualNetworks/contoso-app-vnet`,
        `${RG}/Microsoft.Network/virtualNetworks/contoso-data-vnet`
      ]
    })
    expect(outputs.hubAddressSpace.value).toEqual({ addressPrefixes: ['10.0.0.0/16'] })
    expect(outputs.vpnSharedKey).toBeUndefined()
  })

  it('fills in what the network providers add, as real Azure does', async () => {
    const arm = await deployExample()
    const net = `${RG}/Microsoft.Network`
    const fw = await referenceOf(arm, `${net}/azureFirewalls/contoso-hub-fw`)
    const fwPip = await referenceOf(arm, `${net}/publicIPAddresses/contoso-hub-fw-pip`)
    expect(fw.zones).toEqual(['1', '2', '3'])
    expect(fw.properties.ipConfigurations[0]).toMatchObject({
      id: `${net}/azureFirewalls/contoso-hub-fw/azureFirewallIpConfigurations/ipconfig`,
      properties: { privateIPAddress: '10.0.1.4', provisioningState: 'Succeeded' }
    })
    expect(fw.properties.hubIPAddresses).toEqual({
      privateIPAddress: '10.0.1.4',
      publicIPs: { addresses: [{ address: fwPip.properties.ipAddress }], count: 1 }
    })
    expect(fwPip.properties.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(fwPip.properties.ipConfiguration).toEqual({
      id: fw.properties.ipConfigurations[0].id
    })

    const vpn = await referenceOf(arm, `${net}/virtualNetworkGateways/contoso-hub-vpngw`)
    expect(vpn.properties.bgpSettings).toMatchObject({ asn: 65515, bgpPeeringAddress: '10.0.2.30' })
    expect(vpn.properties.ipConfigurations[0].id).toBe(
      `${net}/virtualNetworkGateways/contoso-hub-vpngw/ipConfigurations/default`
    )
    const er = await referenceOf(arm, `${net}/virtualNetworkGateways/contoso-hub-ergw`)
    expect(er.properties.bgpSettings).toBeUndefined()
    expect(er.properties.sku).toEqual({ name: 'ErGw1AZ', tier: 'ErGw1AZ', capacity: 2 })

    const bastion = await referenceOf(arm, `${net}/bastionHosts/contoso-hub-bastion`)
    expect(bastion.properties.dnsName).toMatch(/^bst-[0-9a-f]+\.bastion\.azure\.com$/)

    const hub = await referenceOf(arm, `${net}/virtualNetworks/contoso-hub-vnet`)
    expect(hub.properties.subnets[0]).toMatchObject({
      name: 'AzureFirewallSubnet',
      id: `${net}/virtualNetworks/contoso-hub-vnet/subnets/AzureFirewallSubnet`,
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: { addressPrefix: '10.0.1.0/26', provisioningState: 'Succeeded' }
    })
    // Both sides of each spoke peering exist, so both are Connected; the hub lists its peerings.
    expect(
      hub.properties.virtualNetworkPeerings.map((p: Wire) => [p.name, p.properties.peeringState])
    ).toEqual([
      ['peer-to-contoso-app-vnet', 'Connected'],
      ['peer-to-contoso-data-vnet', 'Connected']
    ])
    const connection = await referenceOf(arm, `${net}/connections/contoso-hub-to-onprem`)
    expect(connection.properties.connectionStatus).toBe('Connected')
    expect(JSON.stringify(connection)).not.toContain('not-shown-1!')

    const policy = await referenceOf(arm, `${net}/firewallPolicies/contoso-hub-fwpolicy`)
    expect(policy.properties.firewalls).toEqual([{ id: fw.id }])
    expect(policy.properties.ruleCollectionGroups).toHaveLength(1)
  })

  it('what-if of the unchanged example after deploying it: NoChange for everything, spokes too', async () => {
    const arm = await deployExample()
    const changes = await whatIfOf(arm, exampleRequest())
    const byType = (c: Wire) => [c.changeType, c.resourceId.split('/providers/')[1]]
    expect(changes.map(byType)).toContainEqual([
      'NoChange',
      'Microsoft.Network/virtualNetworks/contoso-app-vnet'
    ])
    expect(changes.map(byType)).toContainEqual([
      'NoChange',
      'Microsoft.Network/virtualNetworks/contoso-hub-vnet/virtualNetworkPeerings/peer-to-contoso-data-vnet'
    ])
    expect(changes.filter((c) => c.changeType !== 'NoChange').map(byType)).toEqual([])
    // 13 hub resources, and per spoke its vnet and both peerings.
    expect(changes).toHaveLength(19)
  })

  it('what-if masks the secure shared key on both sides, so a write-only secret is no change', async () => {
    const arm = await deployExample()
    // A different key: what-if cannot see secrets, so (like ARM) it is not a change either.
    const changes = await whatIfOf(arm, exampleRequest('another-key-2!'))
    const connection = changes.find((c) =>
      c.resourceId.endsWith('/connections/contoso-hub-to-onprem')
    )
    expect(connection.changeType).toBe('NoChange')
    expect(connection.after.properties.sharedKey).toBe('*******')
    expect(connection.before.properties.sharedKey).toBe('*******')
    expect(JSON.stringify(changes)).not.toMatch(/not-shown-1!|another-key-2!/)

    // Before anything is deployed, the created connection shows the key masked too.
    const fresh = fakeArm()
    const created = await whatIfOf(fresh, exampleRequest())
    const create = created.find((c) => c.resourceId.endsWith('/connections/contoso-hub-to-onprem'))
    expect(create.changeType).toBe('Create')
    expect(create.after.properties.sharedKey).toBe('*******')
    expect(JSON.stringify(created)).not.toContain('not-shown-1!')
  })

  it('runs a serial copy loop one batch at a time', async () => {
    const { call } = await deployExample()
    const ops: Wire[] = []
    for (let url: string | undefined = `${rgPath('hub')}/operations`; url;) {
      const page: Wire = (await call('GET', url)).body
      ops.push(...page.value)
      url = page.nextLink
    }
    const spokes = ops
      .filter((o) => o.properties.targetResource.resourceType === 'Microsoft.Resources/deployments')
      .map((o) => {
        const end = Date.parse(o.properties.timestamp)
        const seconds = Number(/(\d+(?:\.\d+)?)S$/.exec(o.properties.duration)?.[1] ?? 0)
        const minutes = Number(/(\d+)M/.exec(o.properties.duration)?.[1] ?? 0)
        return { start: end - (minutes * 60 + seconds) * 1000, end }
      })
    expect(spokes).toHaveLength(2)
    // The second spoke started after the first one ended (serial, batchSize 1).
    expect(spokes[1].start).toBeGreaterThanOrEqual(spokes[0].end)
    const detail = (await call('GET', rgPath('hub'))).body.properties.dependencies as Wire[]
    const second = detail.find((d) => d.resourceName === 'contoso-spoke-data')
    expect(second.dependsOn.map((d: Wire) => d.resourceName)).toContain('contoso-spoke-app')
  })

  it('expands property and variable copy loops and checks the count', async () => {
    const { call, clock } = fakeArm()
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { n: { type: 'int', defaultValue: 3 } },
      variables: {
        copy: [
          { name: 'ports', count: "[parameters('n')]", input: "[add(8080, copyIndex('ports'))]" }
        ],
        nested: {
          copy: [{ name: 'names', count: 2, input: "[format('n{0}', copyIndex('names', 1))]" }]
        }
      },
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'looped',
          properties: {
            addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
            copy: [
              {
                name: 'subnets',
                count: 2,
                input: {
                  name: "[format('s{0}', copyIndex('subnets'))]",
                  properties: { addressPrefix: "[format('10.9.{0}.0/24', copyIndex('subnets'))]" }
                }
              }
            ]
          }
        }
      ],
      outputs: {
        ports: { type: 'array', value: "[variables('ports')]" },
        names: { type: 'array', value: "[variables('nested').names]" },
        subnetIds: {
          type: 'array',
          copy: {
            count: 2,
            input: "[reference('looped').subnets[copyIndex()].id]"
          }
        },
        none: { type: 'array', copy: { count: 0, input: '[copyIndex()]' } }
      }
    }
    await call('PUT', rgPath('loops'), deploymentRequest(template))
    clock.advance(60_000)
    const outputs = (await call('GET', rgPath('loops'))).body.properties.outputs
    expect(outputs.ports.value).toEqual([8080, 8081, 8082])
    expect(outputs.names.value).toEqual(['n1', 'n2'])
    expect(outputs.subnetIds.value).toEqual([
      `${RG}/Microsoft.Network/virtualNetworks/looped/subnets/s0`,
      `${RG}/Microsoft.Network/virtualNetworks/looped/subnets/s1`
    ])
    expect(outputs.none.value).toEqual([])

    const bad = await call(
      'PUT',
      rgPath('bad-count'),
      deploymentRequest({
        ...template,
        resources: [{ ...template.resources[0], copy: { name: 'vnets', count: -1 } }]
      })
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('InvalidTemplate')
  })

  it('deploys what Bicep compiles `for s in items(spokes)` to', async () => {
    const { call, clock } = fakeArm()
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        spokes: {
          type: 'object',
          defaultValue: { data: '10.2.0.0/16', app: '10.1.0.0/16' }
        }
      },
      resources: [
        {
          copy: { name: 'vnets', count: "[length(items(parameters('spokes')))]" },
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: "[format('{0}-vnet', items(parameters('spokes'))[copyIndex()].key)]",
          location: '[resourceGroup().location]',
          properties: {
            addressSpace: {
              addressPrefixes: ["[items(parameters('spokes'))[copyIndex()].value]"]
            }
          }
        }
      ],
      outputs: {
        names: {
          type: 'array',
          value: "[map(items(parameters('spokes')), lambda('s', lambdaVariables('s').key))]"
        }
      }
    }
    const put = await call('PUT', rgPath('items'), deploymentRequest(template))
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    clock.advance(60_000)
    const done = (await call('GET', rgPath('items'))).body
    expect(done.properties.error).toBeUndefined()
    expect(done.properties.outputResources.map((r: Wire) => r.id)).toEqual([
      `${RG}/Microsoft.Network/virtualNetworks/app-vnet`,
      `${RG}/Microsoft.Network/virtualNetworks/data-vnet`
    ])
    expect(done.properties.outputs.names.value).toEqual(['app', 'data'])
  })

  it("deploys the Bicep CLI's compiled fixture, whose subnets loop over items(subnets)", async () => {
    const { call, clock } = fakeArm()
    const compiled: Wire = JSON.parse(
      readFileSync(new URL('../../fixtures/bicep/main.json', import.meta.url), 'utf8')
    )
    const put = await call(
      'PUT',
      rgPath('bicep'),
      deploymentRequest(compiled, {
        adminPassword: 'Compiled-Pw-1!',
        subnets: { workload: '10.1.0.0/24', data: '10.1.1.0/24' }
      })
    )
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    clock.advance(60_000)
    const done = (await call('GET', rgPath('bicep'))).body
    expect(done.properties.error).toBeUndefined()
    expect(done.properties.provisioningState).toBe('Succeeded')
  })

  it('computes addresses inside a prefix', () => {
    expect(addressInPrefix('10.0.1.0/26', 4)).toBe('10.0.1.4')
    expect(addressInPrefix('10.0.2.0/27', -2)).toBe('10.0.2.30')
    expect(addressInPrefix('10.0.2.0/27', 32)).toBeUndefined()
    expect(addressInPrefix('not-a-prefix', 4)).toBeUndefined()
  })
})
