// One spoke: a VNet with a workload subnet, peered both ways with the hub.
param location string
param prefix string
param spoke object
param hubVnetName string
param tags object

var vnetName = '${prefix}-${spoke.name}-vnet'

resource hubVnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: hubVnetName
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: spoke.addressPrefixes }
    subnets: [
      {
        name: 'workload'
        properties: { addressPrefix: spoke.workloadSubnet }
      }
    ]
  }
}

resource toHub 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  parent: vnet
  name: 'peer-to-hub'
  properties: {
    remoteVirtualNetwork: { id: hubVnet.id }
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
    useRemoteGateways: false
  }
}

resource fromHub 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  parent: hubVnet
  name: 'peer-to-${vnetName}'
  properties: {
    remoteVirtualNetwork: { id: vnet.id }
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
    allowGatewayTransit: true
  }
}

output vnetId string = vnet.id
output vnetName string = vnet.name
