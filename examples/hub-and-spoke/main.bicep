// The Bicep twin of azuredeploy.json: hub VNet with Azure Firewall (+ policy), VPN and ExpressRoute
// gateways, Bastion and a site-to-site connection; spokes as modules peered to the hub.

@description('Region for every resource.')
param location string = resourceGroup().location

@description('Prefix for resource names.')
@minLength(2)
@maxLength(12)
param prefix string = 'contoso'

@description('Hub address space and subnet prefixes.')
param hub object = {
  addressPrefixes: ['10.0.0.0/16']
  subnets: {
    firewall: '10.0.1.0/26'
    gateway: '10.0.2.0/27'
    bastion: '10.0.3.0/26'
    management: '10.0.4.0/24'
  }
}

@description('Spokes: name, address space and workload subnet of each (an empty array deploys the hub alone).')
param spokes array = [
  { name: 'app', addressPrefixes: ['10.1.0.0/16'], workloadSubnet: '10.1.1.0/24' }
  { name: 'data', addressPrefixes: ['10.2.0.0/16'], workloadSubnet: '10.2.1.0/24' }
]

@description('On-premises VPN device and the networks behind it.')
param onPremises object = {
  gatewayIpAddress: '203.0.113.10'
  addressPrefixes: ['192.168.0.0/16']
}

@description('Pre-shared key of the site-to-site VPN connection.')
@secure()
@minLength(8)
param vpnSharedKey string

@allowed(['VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ'])
param vpnGatewaySku string = 'VpnGw2AZ'

@allowed(['ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ'])
param expressRouteGatewaySku string = 'ErGw1AZ'

@allowed(['Standard', 'Premium'])
param firewallTier string = 'Standard'

param tags object = { workload: 'connectivity' }

resource hubVnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${prefix}-hub-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: hub.addressPrefixes }
    subnets: [
      { name: 'AzureFirewallSubnet', properties: { addressPrefix: hub.subnets.firewall } }
      { name: 'GatewaySubnet', properties: { addressPrefix: hub.subnets.gateway } }
      { name: 'AzureBastionSubnet', properties: { addressPrefix: hub.subnets.bastion } }
      { name: 'management', properties: { addressPrefix: hub.subnets.management } }
    ]
  }
}

resource firewallSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: hubVnet
  name: 'AzureFirewallSubnet'
}

resource gatewaySubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: hubVnet
  name: 'GatewaySubnet'
}

resource bastionSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: hubVnet
  name: 'AzureBastionSubnet'
}

var zonalPips = ['fw', 'vpngw', 'ergw']

resource zonalPip 'Microsoft.Network/publicIPAddresses@2024-05-01' = [
  for name in zonalPips: {
    name: '${prefix}-hub-${name}-pip'
    location: location
    tags: tags
    sku: { name: 'Standard', tier: 'Regional' }
    zones: ['1', '2', '3']
    properties: { publicIPAllocationMethod: 'Static' }
  }
]

resource bastionPip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: '${prefix}-hub-bastion-pip'
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}

resource firewallPolicy 'Microsoft.Network/firewallPolicies@2024-05-01' = {
  name: '${prefix}-hub-fwpolicy'
  location: location
  tags: tags
  properties: {
    sku: { tier: firewallTier }
    threatIntelMode: 'Alert'
  }
}

resource networkRules 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@2024-05-01' = {
  parent: firewallPolicy
  name: 'network-rules'
  properties: {
    priority: 200
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
        name: 'spokes-to-onprem'
        priority: 100
        action: { type: 'Allow' }
        rules: [
          {
            ruleType: 'NetworkRule'
            name: 'allow-spokes-to-onprem'
            ipProtocols: ['Any']
            sourceAddresses: ['10.0.0.0/8']
            destinationAddresses: onPremises.addressPrefixes
            destinationPorts: ['*']
          }
        ]
      }
    ]
  }
}

resource firewall 'Microsoft.Network/azureFirewalls@2024-05-01' = {
  name: '${prefix}-hub-fw'
  location: location
  tags: tags
  zones: ['1', '2', '3']
  dependsOn: [networkRules]
  properties: {
    sku: { name: 'AZFW_VNet', tier: firewallTier }
    firewallPolicy: { id: firewallPolicy.id }
    ipConfigurations: [
      {
        name: 'ipconfig'
        properties: {
          subnet: { id: firewallSubnet.id }
          publicIPAddress: { id: zonalPip[0].id }
        }
      }
    ]
  }
}

resource vpnGateway 'Microsoft.Network/virtualNetworkGateways@2024-05-01' = {
  name: '${prefix}-hub-vpngw'
  location: location
  tags: tags
  properties: {
    gatewayType: 'Vpn'
    vpnType: 'RouteBased'
    vpnGatewayGeneration: 'Generation2'
    sku: { name: vpnGatewaySku, tier: vpnGatewaySku }
    enableBgp: false
    activeActive: false
    ipConfigurations: [
      {
        name: 'default'
        properties: {
          privateIPAllocationMethod: 'Dynamic'
          subnet: { id: gatewaySubnet.id }
          publicIPAddress: { id: zonalPip[1].id }
        }
      }
    ]
  }
}

// Both gateways live in GatewaySubnet, which takes one gateway operation at a time.
resource erGateway 'Microsoft.Network/virtualNetworkGateways@2024-05-01' = {
  name: '${prefix}-hub-ergw'
  location: location
  tags: tags
  dependsOn: [vpnGateway]
  properties: {
    gatewayType: 'ExpressRoute'
    sku: { name: expressRouteGatewaySku, tier: expressRouteGatewaySku }
    ipConfigurations: [
      {
        name: 'default'
        properties: {
          privateIPAllocationMethod: 'Dynamic'
          subnet: { id: gatewaySubnet.id }
          publicIPAddress: { id: zonalPip[2].id }
        }
      }
    ]
  }
}

resource localGateway 'Microsoft.Network/localNetworkGateways@2024-05-01' = {
  name: '${prefix}-onprem-lgw'
  location: location
  tags: tags
  properties: {
    gatewayIpAddress: onPremises.gatewayIpAddress
    localNetworkAddressSpace: { addressPrefixes: onPremises.addressPrefixes }
  }
}

resource connection 'Microsoft.Network/connections@2024-05-01' = {
  name: '${prefix}-hub-to-onprem'
  location: location
  tags: tags
  properties: {
    connectionType: 'IPsec'
    connectionProtocol: 'IKEv2'
    sharedKey: vpnSharedKey
    virtualNetworkGateway1: { id: vpnGateway.id, properties: {} }
    localNetworkGateway2: { id: localGateway.id, properties: {} }
  }
}

resource bastion 'Microsoft.Network/bastionHosts@2024-05-01' = {
  name: '${prefix}-hub-bastion'
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    ipConfigurations: [
      {
        name: 'ipconfig'
        properties: {
          subnet: { id: bastionSubnet.id }
          publicIPAddress: { id: bastionPip.id }
        }
      }
    ]
  }
}

// One at a time: each spoke adds a peering to the hub VNet, and ARM rejects concurrent updates to it.
@batchSize(1)
module spoke 'modules/spoke.bicep' = [
  for s in spokes: {
    name: '${prefix}-spoke-${s.name}'
    params: {
      location: location
      prefix: prefix
      spoke: s
      hubVnetName: hubVnet.name
      tags: tags
    }
  }
]

output hubVnetId string = hubVnet.id
output hubAddressSpace object = hubVnet.properties.addressSpace
output firewallPrivateIp string = firewall.properties.ipConfigurations[0].properties.privateIPAddress
output vpnGatewayId string = vpnGateway.id
output expressRouteGatewayId string = erGateway.id
output spokeVnetIds array = [for (s, i) in spokes: spoke[i].outputs.vnetId]
@secure()
output vpnSharedKey string = vpnSharedKey
