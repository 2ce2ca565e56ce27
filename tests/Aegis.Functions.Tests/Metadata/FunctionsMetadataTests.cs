using System.Text.Json.Nodes;

namespace Aegis.Functions.Tests.Metadata;

public sealed class FunctionsMetadataTests(PublishedFunctionsApp app) : IClassFixture<PublishedFunctionsApp>
{
    [Fact]
    public void Model_blob_trigger_listens_to_the_models_container_through_Event_Grid_and_starts_scans_with_a_durable_client()
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
    public void Extensions_json_loads_the_Durable_Task_and_blob_extensions()
    {
        var names = app.Extensions["extensions"]!.AsArray().Select(e => (string?)e!["name"]).ToHashSet();
        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageBlobs", names);
        foreach (var extension in app.Extensions["extensions"]!.AsArray())
        {
            string hint = (string)extension!["hintPath"]!;
            Assert.True(File.Exists(Path.Combine(app.Folder, hint)), $"extension assembly {hint} is not in the published app");
        }
    }

    private static string? Type(JsonObject binding) => (string?)binding["type"];
}
