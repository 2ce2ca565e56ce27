using System.Reflection;
using System.Text.Json.Nodes;
using Aegis.Functions.Hosting;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Pipeline.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Aegis.Functions.Tests.Deployment;

/// <summary>The full deployment (worker images pushed, code published, blob events subscribed, an operator), predicted once for these tests.</summary>
public sealed class FullDeployment : IAsyncLifetime
{
    public const string Operator = "00000000-0000-0000-0000-0000000000c3";

    internal BicepSnapshot Snapshot { get; private set; } = null!;

    public async Task InitializeAsync() => Snapshot = await BicepSnapshot.PredictAsync(new Dictionary<string, string>
    {
        ["workerImageVersion"] = "'1'",
        ["subscribeBlobEvents"] = "true",
        ["operatorObjectId"] = $"'{Operator}'",
    });

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class InfraTests(FullDeployment deployment) : IClassFixture<FullDeployment>
{
    private static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string StorageQueueDataReader = "19e7f393-937e-4f77-808e-94535e297925";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";
        public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    }

    private const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string QueueType = "Microsoft.Storage/storageAccounts/queueServices/queues";

    private BicepSnapshot Snapshot => deployment.Snapshot;
    private JsonObject FunctionApp => Snapshot.Single("Microsoft.Web/sites");
    private JsonObject Worker => Snapshot.Single("Microsoft.App/containerApps");
    private JsonObject Storage => Snapshot.Single("Microsoft.Storage/storageAccounts");
    private JsonObject WorkerIdentityResource => Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
    private string AppIdentity => $"Microsoft.Web/sites/{FunctionApp["name"]}', '2024-04-01', 'full').identity.principalId";
    private string WorkerIdentity => $"userAssignedIdentities/{WorkerIdentityResource["name"]}'";
    /// <summary>The job queue the pipeline's code uses by default; the Bicep must create and name the same one.</summary>
    private static string JobQueue => new AegisSettings().JobQueue;

    [Fact]
    public async Task BicepCompilesAndLintsWithoutWarnings()
    {
        var build = (await Tool.RunAsync(BicepSnapshot.Cli, ["build", BicepSnapshot.Template, "--stdout"])).EnsureSuccess("bicep build");
        Assert.DoesNotContain("Warning", build.Error);
        var lint = (await Tool.RunAsync(BicepSnapshot.Cli, ["lint", BicepSnapshot.Template])).EnsureSuccess("bicep lint");
        Assert.Equal("", lint.Error.Trim());
    }

    [Fact]
    public async Task NothingIsGeneratedPerDeploymentNoSecretExistsAndNoIngressIsSticky()
    {
        // What a redeploy would change: values made up at deployment time, secrets, sticky worker sessions.
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "infra"), "*.bicep", SearchOption.AllDirectories);
        var compiled = (await Tool.RunAsync(BicepSnapshot.Cli, ["build", BicepSnapshot.Template, "--stdout"])).EnsureSuccess("bicep build").Output;
        foreach (var (what, text) in sources.Select(f => (f, File.ReadAllText(f))).Append(("compiled template", compiled)))
        {
            foreach (string forbidden in new[] { "newGuid(", "utcNow(", "stickySessions", "@secure(", "securestring", "secretRef", "Microsoft.KeyVault" })
                Assert.False(text.Contains(forbidden, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(what)} contains {forbidden}");
        }
        Assert.DoesNotContain(Snapshot.Resources, r => ((string)r["type"]!).StartsWith("Microsoft.KeyVault/", StringComparison.Ordinal));
        // The only key the template reads is the blob extension's, for the Event Grid webhook; no workspace or storage key.
        var keyReads = Snapshot.Resources.Select(r => r.ToJsonString()).Where(t => t.Contains("listKeys(", StringComparison.Ordinal)).ToArray();
        Assert.All(keyReads, t => Assert.Contains("/host/default", t));
        Assert.Equal("azure-monitor", (string?)Snapshot.Single("Microsoft.App/managedEnvironments")["properties"]!["appLogsConfiguration"]!["destination"]);

        // Every role assignment's name is derived from its scope, principal and role: the same on every deployment.
        var again = await BicepSnapshot.PredictAsync(new Dictionary<string, string>
        {
            ["workerImageVersion"] = "'1'",
            ["subscribeBlobEvents"] = "true",
            ["operatorObjectId"] = $"'{FullDeployment.Operator}'",
        });
        Assert.Equal(Snapshot.Resources.Select(r => (string)r["id"]!).Order(), again.Resources.Select(r => (string)r["id"]!).Order());
    }

    [Fact]
    public void FunctionAppRunsOnFlexConsumptionWithAManagedIdentityAndNoStorageKeyAnywhere()
    {
        Assert.Equal("FC1", (string?)Snapshot.Single("Microsoft.Web/serverfarms")["sku"]!["name"]);
        Assert.Equal("SystemAssigned", (string?)FunctionApp["identity"]!["type"]);
        var config = FunctionApp["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);

        Assert.False((bool)Storage["properties"]!["allowSharedKeyAccess"]!);
        var settings = Settings(FunctionApp);
        Assert.Equal((string?)Storage["name"], settings["AzureWebJobsStorage__accountName"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("Aegis__EventGrid__Key", settings.Keys);
        foreach (var resource in Snapshot.Resources)
        {
            string text = resource.ToJsonString();
            Assert.DoesNotContain("AccountKey=", text);
            Assert.DoesNotContain($"storageAccounts/{Storage["name"]}', '2023-05-01').keys", text);
        }
    }

    [Fact]
    public void FunctionAppSettingsNameTheJobQueueAndTheTaskHubAndStartTheApp()
    {
        var settings = Settings(FunctionApp);
        // The queue fan-out: the app enqueues jobs and its completion trigger reads <queue>-done; the HTTP workers are gone.
        Assert.Equal(JobQueue, settings["Aegis__JobQueue"]);
        Assert.Equal(new AegisSettings().TaskHub, settings["Aegis__TaskHub"]); // host.json names the hub after it
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Aegis__Workers", StringComparison.Ordinal) || k == "Aegis__WorkerKey");
        Assert.DoesNotContain(settings.Values, v => KeyRules.UnresolvedReferenceProblem("setting", v) is not null);
        // Every setting is one the app reads: a misspelt name would be ignored silently.
        var known = AegisSettings.Keys.Except(FunctionsSettings.HostOnly).Concat(StorageConnection.Keys).ToHashSet();
        Assert.All(settings.Keys, k => Assert.Contains(k, known));

        // The settings Bicep writes as literals, with a stand-in for each deployment-time value, start the app.
        var values = settings.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal),
            p => (string?)(p.Value.StartsWith('[') ? p.Key.Contains("Endpoint", StringComparison.Ordinal) ? "https://alerts.example" : "" : p.Value));
        var loaded = FunctionsSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        Assert.True(loaded.Storage.IsIdentityBased);
        Assert.True(loaded.Limits.ModelPutCap < FunctionsSettings.RequestLimitBytes);
    }

    [Fact]
    public void FunctionAppIdentityHoldsTheRolesOfTheDurableTaskStorageProviderTheBlobAndQueueExtensionsAndTheAlertsAndNoMore()
    {
        var alerts = Snapshot.Single("Microsoft.EventGrid/topics");
        var expected = new[]
        {
            ((string)Storage["id"]!, Roles.StorageBlobDataOwner), ((string)Storage["id"]!, Roles.StorageQueueDataContributor),
            ((string)Storage["id"]!, Roles.StorageTableDataContributor), ((string)alerts["id"]!, Roles.EventGridDataSender),
        };
        Assert.Equal(expected.Order(), Snapshot.GrantsTo(AppIdentity).Order());
        Assert.Equal("CloudEventSchemaV1_0", (string?)alerts["properties"]!["inputSchema"]);
        Assert.True((bool)alerts["properties"]!["disableLocalAuth"]!);
        Assert.Contains((string)alerts["name"]!, Settings(FunctionApp)["Aegis__EventGrid__Endpoint"]);
    }

    [Fact]
    public void BlobCreatedEventsOfTheModelsContainerGoToTheBlobExtensionWebhookOfTheAppsBlobTrigger()
    {
        var (function, path) = BlobTriggerOfTheApp();
        var subscription = Snapshot.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var topic = Snapshot.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal((string?)Storage["id"], (string?)topic["properties"]!["source"]);
        var properties = subscription["properties"]!;
        string url = (string)properties["destination"]!["properties"]!["endpointUrl"]!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", url);
        Assert.Contains($"'{function}'", url);
        Assert.Contains($"Microsoft.Web/sites/{FunctionApp["name"]}/host/default', '2024-04-01').systemKeys.blobs_extension", url);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        string container = path.Split('/')[0];
        Assert.Equal($"/blobServices/default/containers/{container}/", (string?)properties["filter"]!["subjectBeginsWith"]);
        Snapshot.Named(ContainerType, container);
    }

    [Fact]
    public void WorkerRunsTheCUDAImageOnAServerlessGPUProfileWithoutIngressAndAnswersOnlyItsProbes()
    {
        var environment = Snapshot.Single("Microsoft.App/managedEnvironments");
        var properties = Worker["properties"]!;
        string profile = (string)properties["workloadProfileName"]!;
        var type = environment["properties"]!["workloadProfiles"]!.AsArray().Single(p => (string?)p!["name"] == profile)!["workloadProfileType"];
        Assert.StartsWith("Consumption-GPU-", (string?)type);
        var container = properties["template"]!["containers"]!.AsArray().Single()!;
        Assert.EndsWith("aegis-worker:1-cuda')]", (string?)container["image"]);
        Assert.Equal(["--device", "cuda"], container["args"]!.AsArray().Select(a => (string)a!));

        // Work arrives on the queue: nothing calls a worker, so it has no ingress (and so no sticky sessions, no key).
        Assert.Null(properties["configuration"]!["ingress"]);
        Assert.Null(properties["configuration"]!["secrets"]);
        var env = EnvironmentOf(container);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("Aegis__Worker", StringComparison.Ordinal));
        var known = AegisSettings.Keys.Concat(StorageConnection.Keys).ToHashSet();
        Assert.All(env.Keys, k => Assert.Contains(k, known));
        Assert.Equal((string?)Storage["name"], env["AzureWebJobsStorage__accountName"]);
        Assert.Contains(WorkerIdentity, env["AzureWebJobsStorage__clientId"]);
        Assert.EndsWith(".clientId]", env["AzureWebJobsStorage__clientId"]);
        Assert.Equal(JobQueue, env["Aegis__JobQueue"]);
        Assert.Equal("UserAssigned", (string?)Worker["identity"]!["type"]);

        // The probes reach the container's port directly: the Dockerfile's exposed port, the worker's health route.
        int port = Dockerfile.Read().ExposedPort;
        var probes = container["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);
        Assert.Contains("Liveness", probes.Keys);
        Assert.All(probes.Values, probe =>
        {
            Assert.Equal(DockerfileTests.HealthPath, (string?)probe["path"]);
            Assert.Equal(port, (int)probe["port"]!);
        });
    }

    [Fact]
    public void WorkersScaleFromZeroOnTheJobQueueWithAKEDAAzureQueueRuleThatReadsItWithTheWorkersIdentity()
    {
        var scale = Worker["properties"]!["template"]!["scale"]!;
        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.True((int)scale["maxReplicas"]! >= 1);
        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        var custom = rule["custom"]!;
        Assert.Equal("azure-queue", (string?)custom["type"]);
        var metadata = custom["metadata"]!;
        Assert.Equal(JobQueue, (string?)metadata["queueName"]);
        Assert.Equal((string?)Storage["name"], (string?)metadata["accountName"]);
        // One job per replica, counting the jobs being worked on, so a busy replica is not scaled in.
        Assert.Equal("1", (string?)metadata["queueLength"]);
        Assert.Equal("all", (string?)metadata["queueLengthStrategy"]);
        // Managed identity, not a connection string: the rule names the worker's user-assigned identity and has no auth secrets.
        string identity = (string)custom["identity"]!;
        Assert.Equal((string?)WorkerIdentityResource["id"], identity);
        Assert.Contains(identity, Worker["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Null(custom["auth"]);
        // The queue exists, and that identity may read it.
        var queue = Snapshot.Named(QueueType, JobQueue);
        Assert.Contains(Roles.StorageQueueDataContributor, Snapshot.RolesOn(queue, WorkerIdentity));
    }

    [Fact]
    public void WorkerIdentityHoldsExactlyTheNarrowSetPullReadModelsAndDatasetsWriteWorkProcessTheJobQueues()
    {
        string Id(string type, string name) => (string)Snapshot.Named(type, name)["id"]!;
        var expected = new[]
        {
            ((string)Snapshot.Single("Microsoft.ContainerRegistry/registries")["id"]!, Roles.AcrPull),
            (Id(ContainerType, "models"), Roles.StorageBlobDataReader),
            (Id(ContainerType, "datasets"), Roles.StorageBlobDataReader),
            (Id(ContainerType, "aegis-work"), Roles.StorageBlobDataContributor),
            (Id(QueueType, JobQueue), Roles.StorageQueueDataContributor),
            (Id(QueueType, JobQueue + "-done"), Roles.StorageQueueDataContributor),
        };
        Assert.Equal(expected.Order(), Snapshot.GrantsTo(WorkerIdentity).Order());
        // The containers a worker must never write exist, and it has no role anywhere on the account above them.
        foreach (string container in new[] { "verdicts", "approved", "quarantine", "app-package" })
            Assert.Empty(Snapshot.RolesOn(Snapshot.Named(ContainerType, container), WorkerIdentity));
        Assert.Empty(Snapshot.RolesOn(Storage, WorkerIdentity));
    }

    [Fact]
    public void OperatorMayUseBlobsAndLookAtTheJobQueue()
    {
        var grants = Snapshot.GrantsTo(FullDeployment.Operator);
        var expected = new[]
        {
            ((string)Storage["id"]!, Roles.StorageBlobDataContributor),
            ((string)Snapshot.Named(QueueType, JobQueue)["id"]!, Roles.StorageQueueDataReader),
        };
        Assert.Equal(expected.Order(), grants.Order());
    }

    [Fact]
    public async Task WithoutAGPUTheCPUImageRunsOnTheConsumptionProfileAndTheEnvironmentHasNoGPUProfile()
    {
        var cpu = await BicepSnapshot.PredictAsync(new Dictionary<string, string>
        {
            ["workerImageVersion"] = "'1'",
            ["workerProfileType"] = "'Consumption'",
        });
        var worker = cpu.Single("Microsoft.App/containerApps");
        Assert.Equal("Consumption", (string?)worker["properties"]!["workloadProfileName"]);
        var container = worker["properties"]!["template"]!["containers"]!.AsArray().Single()!;
        Assert.EndsWith("aegis-worker:1-cpu')]", (string?)container["image"]);
        Assert.Empty(container["args"]!.AsArray());
        Assert.True((int)container["resources"]!["cpu"]! <= 4);
        var profiles = cpu.Single("Microsoft.App/managedEnvironments")["properties"]!["workloadProfiles"]!.AsArray();
        Assert.Equal(["Consumption"], profiles.Select(p => (string)p!["workloadProfileType"]!));
    }

    [Fact]
    public async Task FirstDeploymentCreatesTheRegistryQueuesAndRolesButNoWorkerAndNoBlobSubscriptionYet()
    {
        var first = await BicepSnapshot.PredictAsync(new Dictionary<string, string>());
        Assert.Empty(first.OfType("Microsoft.App/containerApps"));
        Assert.Empty(first.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        first.Single("Microsoft.ContainerRegistry/registries");
        first.Single("Microsoft.Web/sites");
        first.Named(QueueType, JobQueue);
        // The worker's roles exist before its first revision starts.
        Assert.Equal(6, first.GrantsTo($"userAssignedIdentities/{first.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["name"]}'").Count);
    }

    private static Dictionary<string, string> Settings(JsonObject site) =>
        site["properties"]!["siteConfig"]!["appSettings"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    private static Dictionary<string, string> EnvironmentOf(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);

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
