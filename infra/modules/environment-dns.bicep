// Private DNS for an internal Container Apps environment: every app's FQDN (<app>.<defaultDomain>)
// resolves to the environment's internal load balancer for resources in the linked network.
// A module because the zone's name (the environment's default domain) is known only at deployment time.

param domain string
param staticIp string
param networkId string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: domain
  location: 'global'
}

resource wildcard 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: zone
  name: '*'
  properties: {
    ttl: 300
    aRecords: [{ ipv4Address: staticIp }]
  }
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'workers'
  location: 'global'
  properties: {
    virtualNetwork: { id: networkId }
    registrationEnabled: false
  }
}
