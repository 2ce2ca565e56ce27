using System.Text.Json.Nodes;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Orchestration;
using Aegis.Functions.Tests.Infrastructure;

namespace Aegis.Functions.Tests.Metadata;

public sealed class FunctionsMetadataTests(PublishedFunctionsApp app) : IClassFixture<PublishedFunctionsApp>
{
    [Fact]
    public void ModelBlobTriggerListensToTheModelsContainerThroughEventGridAndStartsScansWithADurableClient()
    {
        var triggers = app.Functions.Where(f => PublishedFunctionsApp.Bindings(f).Any(b => Type(b) == "blobTrigger")).ToArray();
        var function = Assert.Single(triggers);
        var trigger = PublishedFunctionsApp.Bindings(function).Single(b => Type(b) == "blobTrigger");
        Assert.Equal("models/{name}", (string?)trigger["path"]);
        Assert.Equal("EventGrid", (string?)trigger["source"]);
        Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
        Assert.Contains(PublishedFunctionsApp.Bindings(function), b => Type(b) == "durableClient");
    }

    [Fact]
    public void CompletionQueueTriggerRaisesTheScansEventsWithADurableClient()
    {
        var function = app.Function(Aegis.Functions.Triggers.JobCompletedTrigger.FunctionName);
        var trigger = PublishedFunctionsApp.Bindings(function).Single(b => Type(b) == "queueTrigger");
        // The workers' completion queue: the job queue's name with -done (Aegis__JobQueue, e.g. aegis-jobs-done).
        Assert.Equal("%Aegis__JobQueue%-done", (string?)trigger["queueName"]);
        Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
        Assert.Contains(PublishedFunctionsApp.Bindings(function), b => Type(b) == "durableClient");
        Assert.Equal("base64", (string?)app.Host["extensions"]!["queues"]!["messageEncoding"]);
    }

    [Fact]
    public void ExtensionsJsonLoadsTheDurableTaskBlobAndQueueExtensions()
    {
        var names = app.Extensions["extensions"]!.AsArray().Select(e => (string?)e!["name"]).ToHashSet();
        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageBlobs", names);
        Assert.Contains("AzureStorageQueues", names);
        foreach (var extension in app.Extensions["extensions"]!.AsArray())
        {
            string hint = (string)extension!["hintPath"]!;
            Assert.True(File.Exists(Path.Combine(app.Folder, hint)), $"extension assembly {hint} is not in the published app");
        }
    }

    [Fact]
    public void ScanOrchestratorHasAnOrchestrationTriggerUnderTheNameTheDurableClientSchedules()
    {
        var function = app.Function(nameof(ScanOrchestrator));
        var binding = Assert.Single(PublishedFunctionsApp.Bindings(function));
        Assert.Equal("orchestrationTrigger", Type(binding));
        Assert.Single(app.Functions, f => PublishedFunctionsApp.Bindings(f).Any(b => Type(b) == "orchestrationTrigger"));
    }

    [Fact]
    public void EveryActivityClassOfThePipelineHasAnActivityTriggerOfItsOwnName()
    {
        var activities = PipelineTasks.Activities.Select(a => a.Activity.Name).Order().ToArray();
        Assert.NotEmpty(activities);
        var triggered = app.Functions
            .Where(f => PublishedFunctionsApp.Bindings(f).Any(b => Type(b) == "activityTrigger"))
            .Select(f => (string)f["name"]!)
            .Order()
            .ToArray();
        Assert.Equal(activities, triggered);
    }

    [Fact]
    public void HttpApiHasTheRoutesOfAegisServeAndEveryOneNeedsAFunctionKey()
    {
        var routes = app.Functions
            .SelectMany(f => PublishedFunctionsApp.Bindings(f).Where(b => Type(b) == "httpTrigger"))
            .ToArray();
        Assert.All(routes, r => Assert.Equal("Function", (string?)r["authLevel"]));
        var methods = routes
            .SelectMany(r => r["methods"]!.AsArray().Select(m => $"{((string)m!).ToUpperInvariant()} {r["route"]}"))
            .Order()
            .ToArray();
        // The list aegis serve maps too (HostRoutesTests in Aegis.Pipeline.Tests), report page included.
        Assert.Equal(ApiRoutes.All.Order(), methods);
        Assert.Equal(ApiRoutes.Prefix, (string?)app.Host["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void HostJsonRunsTheDurableTaskHubOnTheAzureStorageProviderWithBoundedActivityConcurrency()
    {
        var durable = app.Host["extensions"]!["durableTask"]!;
        // The task hub of aegis serve's setting, resolved by the Functions host from the app settings.
        Assert.Equal("%Aegis__TaskHub%", (string?)durable["hubName"]);
        Assert.Equal("AzureStorage", (string?)durable["storageProvider"]!["type"]);
        Assert.Equal("AzureWebJobsStorage", (string?)durable["storageProvider"]!["connectionName"]);
        Assert.InRange((int)durable["maxConcurrentActivityFunctions"]!, 1, 64);
        Assert.Equal("OpenTelemetry", (string?)app.Host["telemetryMode"]);
        Assert.NotNull(app.Host["extensions"]!["blobs"]!["maxDegreeOfParallelism"]);
    }

    private static string? Type(JsonObject binding) => (string?)binding["type"];
}
