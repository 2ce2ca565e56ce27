// Aegis Functions in Azure: storage (drop zone, datasets, verdicts, work), the function app
// (Linux, .NET isolated) hosting trigger + orchestrations + API, a Container Apps environment
// with a GPU workload profile for the translation worker, Event Grid (BlobCreated from the
// storage account to the function's webhook; a custom topic for alerts) and Application Insights.

@description('Prefix of every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param prefix string = 'aegis'

param location string = resourceGroup().location

@description('Function key the HTTP API and the Event Grid webhook use (Aegis__ApiKeys).')
@secure()
param apiKey string

@description('Worker container image (Ubuntu 24.04 + CUDA + TorchSharp).')
param workerImage string

@description('GPU workload profile type of the worker.')
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@allowed(['none', 'copy', 'move'])
param promotion string = 'copy'

param defaultDataset string = 'fashion-mnist'

var containers = ['models', 'datasets', 'verdicts', 'aegis-work', 'approved', 'quarantine']
var storageName = toLower('${prefix}${uniqueString(resourceGroup().id)}')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containers: {
  parent: blobService
  name: name
}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${prefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource alertsTopic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: '${prefix}-alerts'
  location: location
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
  }
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource environmentGpu 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${prefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
      { name: 'gpu', workloadProfileType: gpuProfileType }
    ]
  }
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${prefix}-worker'
  location: location
  properties: {
    managedEnvironmentId: environmentGpu.id
    workloadProfileName: 'gpu'
    configuration: {
      ingress: { external: false, targetPort: 8080, transport: 'http' }
      secrets: [
        { name: 'storage', value: storageConnection }
        { name: 'insights', value: insights.properties.ConnectionString }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: workerImage
          command: ['aegis', 'worker', '--urls', 'http://0.0.0.0:8080']
          env: [
            { name: 'AzureWebJobsStorage', secretRef: 'storage' }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'insights' }
          ]
          resources: { cpu: json('8'), memory: '56Gi' }
          probes: [
            { type: 'Readiness', httpGet: { path: '/api/health', port: 8080 } }
          ]
        }
      ]
      scale: { minReplicas: 0, maxReplicas: 4 }
    }
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${prefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${prefix}-${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'functionapp,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        { name: 'AzureWebJobsStorage', value: storageConnection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Aegis__Workers', value: 'https://${worker.properties.configuration.ingress.fqdn}' }
        { name: 'Aegis__ApiKeys', value: apiKey }
        { name: 'Aegis__DefaultDataset', value: defaultDataset }
        { name: 'Aegis__Promotion', value: promotion }
        { name: 'Aegis__EventGrid__Endpoint', value: alertsTopic.properties.endpoint }
        { name: 'Aegis__EventGrid__Key', value: alertsTopic.listKeys().key1 }
      ]
    }
  }
}

resource storageEvents 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${prefix}-storage-events'
  location: location
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource modelCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: storageEvents
  name: 'model-created'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/api/events?code=${apiKey}'
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/models/'
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccount string = storage.name
output alertsTopicEndpoint string = alertsTopic.properties.endpoint
