using Aegis.Functions.Hosting;
using Aegis.Functions.Orchestration;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Functions.Triggers;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Functions.Tests.Triggers;

/// <summary>
/// The blob trigger's work on real parts: blobs in Azurite, the Functions app's own service
/// registration, and the Durable Task SDK's in-process engine running the app's orchestrator wrapper.
/// </summary>
public sealed class ModelBlobTriggerTests : IAsyncLifetime
{
    private readonly Azurite _azurite = new();
    private DurableTaskTestHost _engine = null!;
    private ServiceProvider _services = null!;
    private ScanStorage _storage = null!;

    public async Task InitializeAsync()
    {
        var converter = new JsonDataConverter(PipelineJson.Options);
        _engine = await DurableTaskTestHost.StartAsync(
            tasks => tasks.AddOrchestratorFunc<ScanRequest, ScanSummary>(nameof(ScanOrchestrator), (context, _) => ScanOrchestratorFunction.RunAsync(context)),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            });
        var settings = FunctionsSettings.Load(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Aegis__Workers"] = "http://127.0.0.1:9",
        }.GetValueOrDefault);
        _services = new ServiceCollection().AddLogging().AddAegisFunctions(settings).BuildServiceProvider();
        _storage = _services.GetRequiredService<ScanStorage>();
        await _storage.EnsureContainersAsync();
    }

    [Fact]
    public async Task A_model_blob_starts_the_scan_of_its_version_once_however_often_it_is_delivered()
    {
        var blob = _storage.Models.GetBlobClient("team/model.pt");
        string etag = (await blob.UploadAsync(BinaryData.FromString("model v1"))).Value.ETag.ToString();

        string? first = await Trigger().StartAsync(blob, _engine.Client, CancellationToken.None);
        string? again = await Trigger().StartAsync(blob, _engine.Client, CancellationToken.None);

        Assert.Equal(ScanIds.For(new BlobRef("models", "team/model.pt", etag)), first);
        Assert.Equal(first, again);
        var instance = await _engine.Client.GetInstanceAsync(first!, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        Assert.Equal(nameof(ScanOrchestrator), instance.Name);
        var request = instance.ReadInputAs<ScanRequest>()!;
        Assert.Equal(new BlobRef("models", "team/model.pt", ScanIds.NormalizeETag(etag)), request.Model);
        Assert.Equal("blob-trigger", request.Trigger);
        Assert.Single(await Instances());

        // A new upload is a new version: a new scan.
        string newer = (await blob.UploadAsync(BinaryData.FromString("model v2"), overwrite: true)).Value.ETag.ToString();
        string? second = await Trigger().StartAsync(blob, _engine.Client, CancellationToken.None);
        Assert.Equal(ScanIds.For(new BlobRef("models", "team/model.pt", newer)), second);
        Assert.NotEqual(first, second);
        Assert.Equal(2, (await Instances()).Count);
    }

    [Fact]
    public async Task Sidecars_and_blobs_deleted_before_the_delivery_start_nothing()
    {
        var sidecar = _storage.Models.GetBlobClient("model.pt" + Aegis.Scanning.Activities.ScanManifest.Suffix);
        await sidecar.UploadAsync(BinaryData.FromString("{\"dataset\": \"fashion-mnist\"}"));
        var deleted = _storage.Models.GetBlobClient("gone.pt");
        await deleted.UploadAsync(BinaryData.FromString("model"));
        await deleted.DeleteAsync();

        Assert.Null(await Trigger().StartAsync(sidecar, _engine.Client, CancellationToken.None));
        Assert.Null(await Trigger().StartAsync(deleted, _engine.Client, CancellationToken.None));
        Assert.Empty(await Instances());
    }

    private ModelBlobTrigger Trigger() => ActivatorUtilities.CreateInstance<ModelBlobTrigger>(_services);

    private async Task<List<OrchestrationMetadata>> Instances()
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in _engine.Client.GetAllInstancesAsync())
            all.Add(instance);
        return all;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _services.DisposeAsync();
        _azurite.Dispose();
    }
}
