using Aegis.Functions.Tests.Infrastructure;
using Aegis.Functions.Triggers;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Microsoft.DurableTask.Client;

namespace Aegis.Functions.Tests.Triggers;

/// <summary>
/// The blob trigger's work on real parts: blobs in Azurite, the Functions app's own service
/// registration, and the Durable Task SDK's in-process engine running the app's orchestrator wrapper.
/// </summary>
public sealed class ModelBlobTriggerTests : IAsyncLifetime
{
    private FunctionsTestApp _app = null!;
    private ScanStorage _storage = null!;
    private DurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await FunctionsTestApp.StartAsync();
        _storage = _app.Storage;
        _client = _app.Client;
    }

    [Fact]
    public async Task AModelBlobStartsTheScanOfItsVersionOnceHoweverOftenItIsDelivered()
    {
        var blob = _storage.Models.GetBlobClient("team/model.pt");
        string etag = (await blob.UploadAsync(BinaryData.FromString("model v1"))).Value.ETag.ToString();

        string? first = await Trigger().StartAsync(blob, _client, CancellationToken.None);
        string? again = await Trigger().StartAsync(blob, _client, CancellationToken.None);

        Assert.Equal(ScanIds.For(new BlobRef("models", "team/model.pt", etag)), first);
        Assert.Equal(first, again);
        var instance = await _client.GetInstanceAsync(first!, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        Assert.Equal(nameof(ScanOrchestrator), instance.Name);
        var request = instance.ReadInputAs<ScanRequest>()!;
        Assert.Equal(new BlobRef("models", "team/model.pt", ScanIds.NormalizeETag(etag)), request.Model);
        Assert.Equal("blob-trigger", request.Trigger);
        Assert.Single(await Instances());

        // A new upload is a new version: a new scan.
        string newer = (await blob.UploadAsync(BinaryData.FromString("model v2"), overwrite: true)).Value.ETag.ToString();
        string? second = await Trigger().StartAsync(blob, _client, CancellationToken.None);
        Assert.Equal(ScanIds.For(new BlobRef("models", "team/model.pt", newer)), second);
        Assert.NotEqual(first, second);
        Assert.Equal(2, (await Instances()).Count);
    }

    [Fact]
    public async Task SidecarsAndBlobsDeletedBeforeTheDeliveryStartNothing()
    {
        var sidecar = _storage.Models.GetBlobClient("model.pt" + Aegis.Pipeline.Activities.ScanManifest.Suffix);
        await sidecar.UploadAsync(BinaryData.FromString("{\"dataset\": \"fashion-mnist\"}"));
        var deleted = _storage.Models.GetBlobClient("gone.pt");
        await deleted.UploadAsync(BinaryData.FromString("model"));
        await deleted.DeleteAsync();

        Assert.Null(await Trigger().StartAsync(sidecar, _client, CancellationToken.None));
        Assert.Null(await Trigger().StartAsync(deleted, _client, CancellationToken.None));
        Assert.Empty(await Instances());
    }

    private ModelBlobTrigger Trigger() => _app.Create<ModelBlobTrigger>();

    private async Task<List<OrchestrationMetadata>> Instances()
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in _client.GetAllInstancesAsync())
            all.Add(instance);
        return all;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
