// Aegis Functions in Azure. What is deployed and why (README "Deploy to Azure" has the commands):
//
// - Storage: the drop zone and pipeline containers, the Durable Task hub (queues + tables) and the
//   Functions deployment package. Shared-key access is off: every caller authenticates with
//   Microsoft Entra ID (managed identities + role assignments), no account key is in any setting.
// - The Functions app on the Flex Consumption plan (FC1). Why Flex rather than Premium (EP1):
//   it scales to zero between scans (Premium keeps at least one instance billed around the clock),
//   it joins a virtual network (needed to reach the internal worker), it supports identity-based
//   deployment storage, and its blob trigger is the Event Grid one this app uses anyway (Flex
//   supports only that source). Durable Functions with the Azure Storage provider runs on Flex.
//   Activities are not cut at 10 minutes as on the old Consumption plan (host.json sets the limit).
// - The translation worker as a Container App on a serverless GPU workload profile, in an
//   environment inside the same virtual network with an internal load balancer: the function app
//   reaches it through VNet integration and a private DNS zone; nothing on the internet can. The
//   worker also requires a key (Aegis__WorkerKey) that both apps read from Key Vault with their
//   managed identities. Translations take minutes, longer than the 240-second request limit of
//   Container Apps ingress, so the worker API is start-and-poll: POST /api/translations answers
//   202 with the job at once, GET /api/translations/{id} reports progress and finally the
//   features blob. A job lives in the memory of the replica running it, so the ingress keeps a
//   caller on one replica (sticky sessions: the app's HttpClient keeps the affinity cookie); a
//   poll that reaches a replica without the job gets 404 and the class is retried.
//   A liveness probe restarts a worker whose /api/health stops answering.
// - Event Grid: a system topic on the storage account whose subscription sends BlobCreated events
//   of the models container to the blob extension's webhook (deployed in a second step, once the
//   app's code is published and its blobs_extension key exists: subscribeBlobEvents=true), and a
//   custom topic (CloudEvents 1.0) for the alerts, which the app publishes to with its identity.
// - Application Insights (workspace-based) receiving OpenTelemetry from the app and the worker.

@description('Prefix of every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param prefix string = 'aegis'

param location string = resourceGroup().location

@description('Worker image in this deployment\'s registry, e.g. aegis-worker:1.0 (built with az acr build, see README). Empty on the first deployment, which creates the registry: no worker yet.')
param workerImage string = ''

@description('Serverless GPU workload profile of the worker (Consumption-GPU-NC8as-T4 or Consumption-GPU-NC24-A100).')
@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100'])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Worker replicas kept warm; 0 scales the GPU to zero between scans (first class waits for a cold start).')
@minValue(0)
param workerMinReplicas int = 0

@minValue(1)
param workerMaxReplicas int = 4

@description('Key the worker requires from its callers. Defaults to a new random value on every deployment (both apps read it from Key Vault).')
@secure()
param workerKey string = newGuid()

@description('Create the Event Grid subscription of the blob trigger. Needs the app\'s code published first (its blobs_extension key exists only then).')
param subscribeBlobEvents bool = false

@description('.NET version of the isolated worker on Flex Consumption.')
param dotnetVersion string = '10.0'

@description('Object id of a user or group that uploads models and datasets and reads verdicts (az ad signed-in-user show --query id -o tsv); empty: none.')
param operatorObjectId string = ''

@allowed(['none', 'copy', 'move'])
param promotion string = 'copy'

param defaultDataset string = 'fashion-mnist'

// The blob trigger's path names this container literally (functions.metadata: models/{name}).
var modelsContainer = 'models'
var pipelineContainers = [modelsContainer, 'datasets', 'verdicts', 'aegis-work', 'approved', 'quarantine']
var deploymentContainer = 'app-package'
var suffix = uniqueString(resourceGroup().id)
var blobTriggerFunction = 'ModelBlobCreated'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
}

// ---------------------------------------------------------------- storage

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${prefix}${suffix}', 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in concat(pipelineContainers, [deploymentContainer]): {
  parent: blobService
  name: name
}]

// ---------------------------------------------------------------- monitoring

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

// ---------------------------------------------------------------- alerts topic

resource alertsTopic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: '${prefix}-alerts-${suffix}'
  location: location
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
  }
}

// ---------------------------------------------------------------- network

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${prefix}-network'
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.40.0.0/16'] }
    subnets: [
      {
        // Flex Consumption VNet integration: a subnet delegated to Microsoft.App/environments.
        name: 'functions'
        properties: {
          addressPrefix: '10.40.0.0/24'
          delegations: [{ name: 'flex', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        // Container Apps environment with workload profiles: /27 or larger, same delegation.
        name: 'workers'
        properties: {
          addressPrefix: '10.40.2.0/23'
          delegations: [{ name: 'apps', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
    ]
  }
}

resource functionsSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: network
  name: 'functions'
}

resource workersSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: network
  name: 'workers'
}

// ---------------------------------------------------------------- secrets

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${prefix}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource workerKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'worker-key'
  properties: { value: workerKey }
}

// ---------------------------------------------------------------- worker (Container Apps, GPU)

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('${prefix}acr${suffix}', 50)
  location: location
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

// A user-assigned identity exists before the container app, so the image pull and the Key Vault
// secret can be authorised before the app's first revision starts.
resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-worker-identity'
  location: location
}

resource workerPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, workerIdentity.id, roles.acrPull)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workerBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, workerIdentity.id, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, workerIdentity.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${prefix}-env'
  location: location
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: workersSubnet.id
      internal: true
    }
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

// The environment's internal load balancer answers for *.<defaultDomain> only inside the network.
module workerDns 'modules/environment-dns.bicep' = {
  name: 'worker-dns'
  params: {
    domain: environment.properties.defaultDomain
    staticIp: environment.properties.staticIp
    networkId: network.id
  }
}

var workerPort = 8080
var workerName = '${prefix}-worker'
// Known before the app exists, so the function app's setting does not depend on it.
var workerUrl = 'https://${workerName}.${environment.properties.defaultDomain}'

resource worker 'Microsoft.App/containerApps@2024-03-01' = if (!empty(workerImage)) {
  name: workerName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${workerIdentity.id}': {} }
  }
  dependsOn: [workerPull, workerSecrets]
  properties: {
    managedEnvironmentId: environment.id
    workloadProfileName: 'gpu'
    configuration: {
      // external=true on an internal environment means "reachable from the virtual network".
      activeRevisionsMode: 'Single' // sticky sessions need a single active revision
      ingress: {
        external: true
        targetPort: workerPort
        transport: 'http'
        allowInsecure: false
        stickySessions: { affinity: 'sticky' }
      }
      registries: [{ server: registry.properties.loginServer, identity: workerIdentity.id }]
      secrets: [
        { name: 'worker-key', keyVaultUrl: workerKeySecret.properties.secretUri, identity: workerIdentity.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: '${registry.properties.loginServer}/${workerImage}'
          env: [
            { name: 'AzureWebJobsStorage__accountName', value: storage.name }
            { name: 'AZURE_CLIENT_ID', value: workerIdentity.properties.clientId }
            { name: 'Aegis__WorkerKey', secretRef: 'worker-key' }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
          ]
          resources: { cpu: json('8'), memory: '56Gi' }
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/api/health', port: workerPort }
              initialDelaySeconds: 10
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/api/health', port: workerPort }
              periodSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: workerMinReplicas
        maxReplicas: workerMaxReplicas
        // Each running translation is polled every few seconds, so a busy replica always has requests in flight.
        rules: [{ name: 'http', http: { metadata: { concurrentRequests: '4' } } }]
      }
    }
  }
}

// ---------------------------------------------------------------- function app (Flex Consumption)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${prefix}-plan'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: '${prefix}-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: functionsSubnet.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: dotnetVersion }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Identity-based connection: the host, the blob extension, the Durable Task Azure Storage
        // provider and the pipeline's own clients all authenticate with the app's identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Aegis__Workers', value: workerUrl }
        { name: 'Aegis__WorkerKey', value: '@Microsoft.KeyVault(SecretUri=${workerKeySecret.properties.secretUri})' }
        { name: 'Aegis__TaskHub', value: 'aegis' } // host.json: hubName %Aegis__TaskHub%
        { name: 'Aegis__DefaultDataset', value: defaultDataset }
        { name: 'Aegis__Promotion', value: promotion }
        { name: 'Aegis__EventGrid__Endpoint', value: alertsTopic.properties.endpoint }
      ]
    }
  }
}

var appRolesOnStorage = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in appRolesOnStorage: {
  scope: storage
  name: guid(storage.id, functionApp.id, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource appAlertsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: alertsTopic
  name: guid(alertsTopic.id, functionApp.id, roles.eventGridDataSender)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, functionApp.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Shared keys are off, so people use the storage account with their Entra ID too (az ... --auth-mode login).
resource operatorBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorObjectId)) {
  scope: storage
  name: guid(storage.id, operatorObjectId, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: operatorObjectId
  }
}

// ---------------------------------------------------------------- blob events -> blob trigger

resource storageEvents 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${prefix}-storage-events'
  location: location
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The blob extension's webhook: /runtime/webhooks/blobs?functionName=Host.Functions.<function>&code=<blobs_extension system key>.
resource modelCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscribeBlobEvents) {
  parent: storageEvents
  name: 'model-created'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${blobTriggerFunction}&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${modelsContainer}/'
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccount string = storage.name
output registryName string = registry.name
output registryLoginServer string = registry.properties.loginServer
output workerUrl string = workerUrl
output alertsTopicEndpoint string = alertsTopic.properties.endpoint
output alertsTopicId string = alertsTopic.id
