// Aegis Functions in Azure. What is deployed and why (docs/deploy-azure.md has the commands):
//
// - Storage: the drop zone and pipeline containers, the job queue and its completion queue, the
//   Durable Task hub (queues + tables) and the Functions deployment package. Shared-key access is
//   off: every caller authenticates with Microsoft Entra ID (managed identities + role
//   assignments); no account key is in any setting.
// - The Functions app on the Flex Consumption plan (FC1): the Event Grid blob trigger, the scan
//   orchestrations, the HTTP API and the completion queue trigger. It scales to zero between scans
//   (Premium keeps an instance billed around the clock), deploys from blob storage with its
//   identity, and its blob trigger is the Event Grid one (the only one Flex supports). It runs no
//   model: model work is job messages on the job queue.
// - The workers: a Container App on a serverless GPU workload profile (or the Consumption CPU
//   profile), 0 to N replicas scaled by a KEDA azure-queue rule on the job queue that reads the
//   queue with the worker's managed identity. A worker takes jobs from the queue and answers no one:
//   no ingress, no key, no secret. Its identity may read models/ and datasets/, write aegis-work/,
//   and process the job queue and the completion queue, nothing else: a model that escaped its
//   sandbox holds no verdict, approval or quarantine rights.
// - Event Grid: a system topic on the storage account whose subscription sends BlobCreated events
//   of the models container to the blob extension's webhook (deployed in a second step, once the
//   app's code is published and its blobs_extension key exists: subscribeBlobEvents=true), and a
//   custom topic (CloudEvents 1.0) for the alerts, which the app publishes to with its identity.
// - Application Insights and Log Analytics, fed without keys: OpenTelemetry from the app and the
//   workers, the Container Apps environment's logs through a diagnostic setting.
//
// Deploying again with the same parameters changes nothing that matters: every name and role
// assignment id is derived from the resource group and the identities, no value is generated per
// deployment, and no secret exists to be regenerated (docs/deploy-azure.md, "Deploying again").

@description('Prefix of every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param prefix string = 'aegis'

param location string = resourceGroup().location

@description('Version of the worker images in this deployment\'s registry: aegis-worker:<version>-cuda for a GPU profile, aegis-worker:<version>-cpu for Consumption (built as docs/deploy-azure.md says). Empty on the first deployment, which creates the registry: no worker yet.')
param workerImageVersion string = ''

@description('Workload profile of the workers: a serverless GPU (runs the CUDA image) or Consumption (CPU only, runs the CPU image). A GPU profile can be added only when the environment is created.')
@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100', 'Consumption'])
param workerProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Worker replicas kept running; 0 scales the GPUs to zero between scans (the first job then waits for a cold start).')
@minValue(0)
param workerMinReplicas int = 0

@description('Most worker replicas at once: one job each, one GPU each (mind the subscription\'s serverless GPU quota).')
@minValue(1)
param workerMaxReplicas int = 4

@description('Create the Event Grid subscription of the blob trigger. Needs the app\'s code published first (its blobs_extension key exists only then).')
param subscribeBlobEvents bool = false

@description('.NET version of the isolated worker on Flex Consumption.')
param dotnetVersion string = '10.0'

@description('Object id of a user or group that uploads models and datasets, reads verdicts and watches the job queue (az ad signed-in-user show --query id -o tsv); empty: none.')
param operatorObjectId string = ''

@allowed(['none', 'copy', 'move'])
param promotion string = 'copy'

param defaultDataset string = 'fashion-mnist'

// The blob trigger's path names this container literally (functions.metadata: models/{name}).
var modelsContainer = 'models'
var datasetsContainer = 'datasets'
var workContainer = 'aegis-work'
var deploymentContainer = 'app-package'
var allContainers = [modelsContainer, datasetsContainer, 'verdicts', workContainer, 'approved', 'quarantine', deploymentContainer]
// The job queue (Aegis__JobQueue) and the completion queue the workers report on: the same name with -done.
var jobQueueName = 'aegis-jobs'
var queueNames = [jobQueueName, '${jobQueueName}-done']
// Durable Task hub (host.json: hubName %Aegis__TaskHub%); the 4-partition hub's default name, as aegis serve uses.
var taskHub = 'aegisscans'
var suffix = uniqueString(resourceGroup().id)
var blobTriggerFunction = 'ModelBlobCreated'

var gpuWorkers = workerProfileType != 'Consumption'
var workerProfileName = gpuWorkers ? 'gpu' : 'Consumption'
// The CUDA build on a GPU, the CPU build elsewhere: the tag says which (docs/deploy-azure.md builds both).
var workerImage = 'aegis-worker:${workerImageVersion}-${gpuWorkers ? 'cuda' : 'cpu'}'
// A replica of a serverless GPU profile has the whole GPU and the profile's cores and memory; Consumption allows 4 cores and 8 GiB.
var workerResources = {
  'Consumption-GPU-NC8as-T4': { cpu: 8, memory: '56Gi' }
  'Consumption-GPU-NC24-A100': { cpu: 24, memory: '220Gi' }
  Consumption: { cpu: 4, memory: '8Gi' }
}
var workerPort = 8080
// A replica's disk is ephemeral and small: the cache holds the models and datasets of current jobs, not a history.
var workerCacheBytes = 4 * 1024 * 1024 * 1024

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageQueueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
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

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in allContainers: {
  parent: blobService
  name: name
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Created here, so a role on each queue can be assigned before any worker or host runs.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queueNames: {
  parent: queueService
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

// ---------------------------------------------------------------- workers (Container Apps)

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('${prefix}acr${suffix}', 50)
  location: location
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

// A user-assigned identity exists before the container app, so its image pull, its storage roles and
// its scale rule are authorised before the app's first revision starts.
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

// What a job needs, container by container: the model and the dataset to read, the work container for
// features, analyses and results. No role on verdicts/, approved/, quarantine/ or the deployment package.
var workerBlobRoles = [
  { container: modelsContainer, role: roles.storageBlobDataReader }
  { container: datasetsContainer, role: roles.storageBlobDataReader }
  { container: workContainer, role: roles.storageBlobDataContributor }
]

resource workerBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for grant in workerBlobRoles: {
  scope: containers[indexOf(allContainers, grant.container)]
  name: guid(containers[indexOf(allContainers, grant.container)].id, workerIdentity.id, grant.role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.role)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// The job queue: receive, renew a message's visibility while the job runs (an update, which Message
// Processor does not allow) and delete it; the completion queue: send. Contributor on exactly these two
// queues (it also lets the worker's create-if-missing find them); no role on the task hub's queues.
resource workerQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (name, i) in queueNames: {
  scope: queues[i]
  name: guid(queues[i].id, workerIdentity.id, roles.storageQueueDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${prefix}-env'
  location: location
  properties: {
    // Logs go through the diagnostic setting below: no workspace key in the environment.
    appLogsConfiguration: { destination: 'azure-monitor' }
    workloadProfiles: concat(
      [{ name: 'Consumption', workloadProfileType: 'Consumption' }],
      gpuWorkers ? [{ name: workerProfileName, workloadProfileType: workerProfileType }] : []
    )
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'logs'
  properties: {
    workspaceId: logs.id
    logAnalyticsDestinationType: 'Dedicated' // the ContainerAppConsoleLogs and ContainerAppSystemLogs tables
    logs: [
      { category: 'ContainerAppConsoleLogs', enabled: true }
      // Revisions, replicas and KEDA's scaling decisions.
      { category: 'ContainerAppSystemLogs', enabled: true }
    ]
  }
}

resource worker 'Microsoft.App/containerApps@2025-01-01' = if (!empty(workerImageVersion)) {
  name: '${prefix}-worker'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${workerIdentity.id}': {} }
  }
  dependsOn: [workerPull, workerBlobs, workerQueues]
  properties: {
    environmentId: environment.id
    workloadProfileName: workerProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: a worker takes its work from the job queue and is called by no one. Its probes
      // reach the container's port directly.
      registries: [{ server: registry.properties.loginServer, identity: workerIdentity.id }]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: '${registry.properties.loginServer}/${workerImage}'
          // Appended to the image's entrypoint (aegis worker --urls http://0.0.0.0:8080): on a GPU, a
          // build or node without CUDA fails its jobs instead of running them slowly on the CPU.
          args: gpuWorkers ? ['--device', 'cuda'] : []
          env: [
            { name: 'AzureWebJobsStorage__accountName', value: storage.name }
            { name: 'AzureWebJobsStorage__clientId', value: workerIdentity.properties.clientId }
            { name: 'Aegis__JobQueue', value: jobQueueName }
            { name: 'Aegis__CacheMaxBytes', value: string(workerCacheBytes) }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
          ]
          resources: workerResources[workerProfileType]
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/api/health', port: workerPort }
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: { path: '/api/health', port: workerPort }
              periodSeconds: 30
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: workerMinReplicas
        maxReplicas: workerMaxReplicas
        rules: [
          {
            name: 'job-queue'
            custom: {
              type: 'azure-queue'
              metadata: {
                accountName: storage.name
                queueName: jobQueueName
                // One job per replica (Aegis__WorkerConcurrency 1: a job has the whole GPU).
                queueLength: '1'
                // Count the jobs being worked on (invisible while a worker holds them) as well as the
                // waiting ones, so a busy replica is not scaled in under its job.
                queueLengthStrategy: 'all'
              }
              identity: workerIdentity.id
            }
          }
        ]
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
      // Every setting is here: a deployment replaces the list, so one added by hand does not survive it.
      appSettings: [
        // Identity-based connection: the host, the blob and queue extensions, the Durable Task Azure
        // Storage provider and the pipeline's own clients all authenticate with the app's identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Aegis__JobQueue', value: jobQueueName }
        { name: 'Aegis__TaskHub', value: taskHub }
        { name: 'Aegis__DefaultDataset', value: defaultDataset }
        { name: 'Aegis__Promotion', value: promotion }
        { name: 'Aegis__EventGrid__Endpoint', value: alertsTopic.properties.endpoint }
      ]
    }
  }
}

// The host's locks and the Flex deployment package, the blob trigger, the task hub's blobs, queues and
// tables, the pipeline's containers, the job queues, and user delegation keys for upload URLs: the
// orchestrating app works on the whole account (Blob Data Owner, as the Functions host storage needs).
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

// Shared keys are off, so people use the storage account with their Entra ID too (az ... --auth-mode login):
// blobs to upload datasets and read verdicts, and a look at the job queue to watch the workers scale.
resource operatorBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorObjectId)) {
  scope: storage
  name: guid(storage.id, operatorObjectId, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: operatorObjectId
  }
}

resource operatorJobQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorObjectId)) {
  scope: queues[0]
  name: guid(queues[0].id, operatorObjectId, roles.storageQueueDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataReader)
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
output environmentName string = environment.name
output workerAppName string = '${prefix}-worker'
output jobQueue string = jobQueueName
output alertsTopicEndpoint string = alertsTopic.properties.endpoint
output alertsTopicId string = alertsTopic.id
