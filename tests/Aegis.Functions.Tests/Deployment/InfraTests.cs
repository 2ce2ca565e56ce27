using System.Reflection;
using System.Text.Json.Nodes;
using Aegis.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace Aegis.Functions.Tests.Deployment;

/// <summary>The full deployment (worker image pushed, code published, blob events subscribed), predicted once for these tests.</summary>
public sealed class FullDeployment : IAsyncLifetime
{
    internal BicepSnapshot Snapshot { get; private set; } = null!;

    public async Task InitializeAsync() => Snapshot = await BicepSnapshot.PredictAsync(new Dictionary<string, string>
    {
        ["workerImage"] = "'aegis-worker:1'",
        ["subscribeBlobEvents"] = "true",
        ["workerKey"] = "'test-worker-key'",
    });

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class InfraTests(FullDeployment deployment) : IClassFixture<FullDeployment>
{
    private static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    }

    private BicepSnapshot Snapshot => deployment.Snapshot;
    private JsonObject FunctionApp => Snapshot.Single("Microsoft.Web/sites");
    private JsonObject Worker => Snapshot.Single("Microsoft.App/containerApps");
    private string AppIdentity => $"Microsoft.Web/sites/{FunctionApp["name"]}', '2024-04-01', 'full').identity.principalId";
    private string WorkerIdentity => $"userAssignedIdentities/{Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["name"]}'";

    [Fact]
    public async Task Bicep_compiles_and_lints_without_warnings()
    {
        var build = (await Tool.RunAsync(BicepSnapshot.Cli, ["build", BicepSnapshot.Template, "--stdout"])).EnsureSuccess("bicep build");
        Assert.DoesNotContain("Warning", build.Error);
        var lint = (await Tool.RunAsync(BicepSnapshot.Cli, ["lint", BicepSnapshot.Template])).EnsureSuccess("bicep lint");
        Assert.Equal("", lint.Error.Trim());
    }

    [Fact]
    public void Function_app_runs_on_Flex_Consumption_with_a_managed_identity_and_no_storage_key_anywhere()
    {
        Assert.Equal("FC1", (string?)Snapshot.Single("Microsoft.Web/serverfarms")["sku"]!["name"]);
        Assert.Equal("SystemAssigned", (string?)FunctionApp["identity"]!["type"]);
        var config = FunctionApp["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);

        var storage = Snapshot.Single("Microsoft.Storage/storageAccounts");
        Assert.False((bool)storage["properties"]!["allowSharedKeyAccess"]!);
        var settings = Settings(FunctionApp);
        Assert.Equal((string?)storage["name"], settings["AzureWebJobsStorage__accountName"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Matches("^[a-z][a-z0-9]{2,44}$", settings["Aegis__TaskHub"]); // host.json names the hub after it
        Assert.DoesNotContain("Aegis__EventGrid__Key", settings.Keys);
        foreach (var resource in Snapshot.Resources)
        {
            string text = resource.ToJsonString();
            Assert.DoesNotContain("AccountKey=", text);
            Assert.DoesNotContain($"storageAccounts/{storage["name"]}', '2023-05-01').keys", text);
        }
    }

    [Fact]
    public void Function_app_identity_holds_the_roles_of_the_Durable_Task_storage_provider_the_blob_trigger_and_the_alerts()
    {
        var storage = Snapshot.Single("Microsoft.Storage/storageAccounts");
        Assert.Equal(
            new[] { Roles.StorageBlobDataOwner, Roles.StorageQueueDataContributor, Roles.StorageTableDataContributor }.Order(),
            Snapshot.RolesOn(storage, AppIdentity).Order());
        var alerts = Snapshot.Single("Microsoft.EventGrid/topics");
        Assert.Equal([Roles.EventGridDataSender], Snapshot.RolesOn(alerts, AppIdentity));
        Assert.Equal("CloudEventSchemaV1_0", (string?)alerts["properties"]!["inputSchema"]);
        Assert.True((bool)alerts["properties"]!["disableLocalAuth"]!);
        Assert.Contains(((string)alerts["name"]!), Settings(FunctionApp)["Aegis__EventGrid__Endpoint"]);
        Assert.Equal([Roles.KeyVaultSecretsUser], Snapshot.RolesOn(Snapshot.Single("Microsoft.KeyVault/vaults"), AppIdentity));
    }

    [Fact]
    public void Blob_created_events_of_the_models_container_go_to_the_blob_extension_webhook_of_the_apps_blob_trigger()
    {
        var (function, path) = BlobTriggerOfTheApp();
        var subscription = Snapshot.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var topic = Snapshot.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal((string?)Snapshot.Single("Microsoft.Storage/storageAccounts")["id"], (string?)topic["properties"]!["source"]);
        var properties = subscription["properties"]!;
        string url = (string)properties["destination"]!["properties"]!["endpointUrl"]!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", url);
        Assert.Contains($"'{function}'", url);
        Assert.Contains($"Microsoft.Web/sites/{FunctionApp["name"]}/host/default', '2024-04-01').systemKeys.blobs_extension", url);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        string container = path.Split('/')[0];
        Assert.Equal($"/blobServices/default/containers/{container}/", (string?)properties["filter"]!["subjectBeginsWith"]);
        Assert.Contains(Snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => ((string)c["name"]!).EndsWith("/" + container));
    }

    [Fact]
    public void Worker_runs_on_a_GPU_profile_reachable_only_from_the_apps_network_with_a_key_from_Key_Vault_and_a_liveness_probe()
    {
        var environment = Snapshot.Single("Microsoft.App/managedEnvironments");
        string profile = (string)Worker["properties"]!["workloadProfileName"]!;
        var type = environment["properties"]!["workloadProfiles"]!.AsArray().Single(p => (string?)p!["name"] == profile)!["workloadProfileType"];
        Assert.StartsWith("Consumption-GPU-", (string?)type);

        // Internal environment + VNet-integrated app + private DNS for the environment's domain.
        Assert.True((bool)environment["properties"]!["vnetConfiguration"]!["internal"]!);
        var network = Snapshot.Single("Microsoft.Network/virtualNetworks");
        string networkId = (string)network["id"]!;
        Assert.StartsWith(networkId + "/subnets/", (string?)environment["properties"]!["vnetConfiguration"]!["infrastructureSubnetId"]);
        Assert.StartsWith(networkId + "/subnets/", (string?)FunctionApp["properties"]!["virtualNetworkSubnetId"]);
        Assert.Contains(".defaultDomain", (string?)Snapshot.Single("Microsoft.Network/privateDnsZones")["name"]);
        Assert.Contains(".staticIp", Snapshot.Single("Microsoft.Network/privateDnsZones/A")["properties"]!.ToJsonString());
        Assert.Equal(networkId, (string?)Snapshot.Single("Microsoft.Network/privateDnsZones/virtualNetworkLinks")["properties"]!["virtualNetwork"]!["id"]);
        string workers = Settings(FunctionApp)["Aegis__Workers"];
        Assert.Contains($"'{Worker["name"]}'", workers);
        Assert.Contains("Microsoft.App/managedEnvironments/" + environment["name"], workers);

        var ingress = Worker["properties"]!["configuration"]!["ingress"]!;
        int port = Dockerfile.Read().ExposedPort;
        Assert.Equal(port, (int)ingress["targetPort"]!);
        Assert.False((bool)ingress["allowInsecure"]!);
        // Translation jobs live in a replica's memory: polls must reach the replica that started the job.
        Assert.Equal("sticky", (string?)ingress["stickySessions"]!["affinity"]);
        var container = Worker["properties"]!["template"]!["containers"]!.AsArray().Single()!;
        var liveness = container["probes"]!.AsArray().Single(p => (string?)p!["type"] == "Liveness")!;
        Assert.Equal(DockerfileTests.HealthPath, (string?)liveness["httpGet"]!["path"]);
        Assert.Equal(port, (int)liveness["httpGet"]!["port"]!);

        // The same Key Vault secret: a reference in the app's settings, a secret of the container app.
        string secretUri = "Microsoft.KeyVault/vaults/" + Snapshot.Single("Microsoft.KeyVault/vaults")["name"] + "/secrets/worker-key', '2023-07-01').secretUri";
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", Settings(FunctionApp)["Aegis__WorkerKey"]);
        Assert.Contains(secretUri, Settings(FunctionApp)["Aegis__WorkerKey"]);
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        string secretName = (string)env["Aegis__WorkerKey"]["secretRef"]!;
        var secret = Worker["properties"]!["configuration"]!["secrets"]!.AsArray().Single(s => (string?)s!["name"] == secretName)!;
        Assert.Contains(secretUri, (string?)secret["keyVaultUrl"]);
        Assert.Equal((string?)Snapshot.Single("Microsoft.Storage/storageAccounts")["name"], (string?)env["AzureWebJobsStorage__accountName"]["value"]);

        Assert.Equal([Roles.AcrPull], Snapshot.RolesOn(Snapshot.Single("Microsoft.ContainerRegistry/registries"), WorkerIdentity));
        Assert.Equal([Roles.StorageBlobDataContributor], Snapshot.RolesOn(Snapshot.Single("Microsoft.Storage/storageAccounts"), WorkerIdentity));
        Assert.Equal([Roles.KeyVaultSecretsUser], Snapshot.RolesOn(Snapshot.Single("Microsoft.KeyVault/vaults"), WorkerIdentity));
    }

    [Fact]
    public async Task First_deployment_creates_the_registry_but_no_worker_and_no_blob_subscription_yet()
    {
        var first = await BicepSnapshot.PredictAsync(new Dictionary<string, string>());
        Assert.Empty(first.OfType("Microsoft.App/containerApps"));
        Assert.Empty(first.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        first.Single("Microsoft.ContainerRegistry/registries");
        first.Single("Microsoft.Web/sites");
    }

    private static Dictionary<string, string> Settings(JsonObject site) =>
        site["properties"]!["siteConfig"]!["appSettings"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    /// <summary>The app's one blob-triggered function: its name and blob path, from the compiled Functions assembly.</summary>
    private static (string Function, string Path) BlobTriggerOfTheApp()
    {
        var triggered = typeof(Aegis.Functions.Triggers.ModelBlobTrigger).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(m => m.Function is not null && m.Trigger is not null)
            .ToArray();
        var (function, trigger) = Assert.Single(triggered);
        return (function!.Name, trigger!.BlobPath);
    }
}
