using System.Text.Json.Nodes;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aegis.Pipeline.Tests.Infrastructure;

/// <summary>
/// One test's pipeline: its own containers (prefixed) in the shared Azurite, and the host and
/// worker processes it starts, all configured through the Functions-style settings.
/// </summary>
internal sealed class Scenario : IDisposable
{
    /// <summary>Keys as a deployment generates them: short or sample keys are refused at start.</summary>
    public const string ApiKey = "test-api-key-5c1e0b9f7a24d8e3";
    private readonly PipelineFixture _fixture;
    private readonly List<ChildProcess> _processes = [];
    private readonly string _prefix;

    /// <summary>Small parameters: a few seconds per class on two CPU cores.</summary>
    public static readonly ScanParameters TinyParameters = new()
    {
        Seeds = 50,
        Steps = 20,
        StepSize = 5.0,
        CleanPerClass = 50,
        Perplexity = 15,
        BatchSize = 50,
        Robustness = new RobustnessParameters { Samples = 60, Steps = 5 },
    };

    public Scenario(PipelineFixture fixture, string name)
    {
        _fixture = fixture;
        _prefix = $"{name}-{Guid.NewGuid():N}"[..20].ToLowerInvariant();
        var service = new BlobServiceClient(fixture.ConnectionString);
        Models = service.GetBlobContainerClient($"{_prefix}-models");
        Verdicts = service.GetBlobContainerClient($"{_prefix}-verdicts");
        Work = service.GetBlobContainerClient($"{_prefix}-work");
        Quarantine = service.GetBlobContainerClient($"{_prefix}-quarantine");
        Approved = service.GetBlobContainerClient($"{_prefix}-approved");
        foreach (var container in new[] { Models, Verdicts, Work, Quarantine, Approved })
            container.CreateIfNotExists();
        TaskHub = "hub" + Guid.NewGuid().ToString("N")[..12];
        JobQueue = $"{_prefix}-jobs";
    }

    /// <summary>This scenario's job queue (and its completion queue, with "-done"), so parallel scenarios never take each other's jobs.</summary>
    public string JobQueue { get; }

    /// <summary>This scenario's Durable Task hub (tables {hub}Instances and {hub}History, queues {hub}-…).</summary>
    public string TaskHub { get; }

    public BlobContainerClient Models { get; }
    public BlobContainerClient Verdicts { get; }
    public BlobContainerClient Work { get; }
    public BlobContainerClient Quarantine { get; }
    public BlobContainerClient Approved { get; }
    public Dictionary<string, string> Settings { get; } = [];
    public ChildProcess? Host { get; private set; }
    public Uri? HostUrl { get; private set; }

    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _fixture.ConnectionString,
            ["Aegis__ApiKeys"] = ApiKey,
            ["Aegis__JobQueue"] = JobQueue,
            ["Aegis__DefaultDataset"] = "fashion-mnist",
            ["Aegis__Containers__Models"] = Models.Name,
            ["Aegis__Containers__Verdicts"] = Verdicts.Name,
            ["Aegis__Containers__Work"] = Work.Name,
            ["Aegis__Containers__Quarantine"] = Quarantine.Name,
            ["Aegis__Containers__Approved"] = Approved.Name,
            ["Aegis__Containers__Datasets"] = "datasets",
            ["Aegis__PollIntervalSeconds"] = "1",
            ["Aegis__TaskHub"] = TaskHub,
            // The engine renews a running activity's lease 30 s before it ends; a killed host's work reappears after it.
            ["Aegis__LeaseSeconds"] = "40",
            ["Aegis__RetryDelaySeconds"] = "1",
            // A killed worker's job reappears after 20 s (renewed every third of it), and a scan rechecks its jobs' results every 5 s.
            ["Aegis__JobVisibilitySeconds"] = "20",
            ["Aegis__JobRecheckSeconds"] = "5",
            ["Aegis__CacheDirectory"] = _fixture.CacheDirectory,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__System.Net.Http"] = "Warning",
        };
        // The server's scan policy is the tiny parameters, so the sidecars that carry them do not make the verdicts advisory.
        foreach (var (key, value) in PolicySettings(TinyParameters))
            env[key] = value;
        foreach (var (key, value) in Settings)
            env[key] = value;
        return env;
    }

    /// <summary>Parameters as <c>Aegis__Scan__*</c> settings, one per JSON leaf (Aegis__Scan__Robustness__Samples…).</summary>
    public static IEnumerable<KeyValuePair<string, string>> PolicySettings(ScanParameters parameters)
    {
        static IEnumerable<KeyValuePair<string, string>> Leaves(JsonObject node, string prefix) => node.SelectMany(p => p.Value switch
        {
            JsonObject inner => Leaves(inner, $"{prefix}__{p.Key}"),
            null => [],
            var leaf => [KeyValuePair.Create($"{prefix}__{p.Key}", leaf.ToString())],
        });
        return Leaves(JsonNode.Parse(PipelineJson.Serialize(parameters))!.AsObject(), "Aegis__Scan");
    }

    /// <summary>Starts an <c>aegis worker</c> process with its own id; it answers only health probes and takes jobs from the queue.</summary>
    public async Task<ChildProcess> StartWorkerAsync(string id)
    {
        var url = new Uri($"http://127.0.0.1:{RepoPaths.FreePort()}");
        var environment = Environment();
        environment["Aegis__WorkerId"] = id;
        var worker = Track(PipelineProcess.Start("worker", url.ToString().TrimEnd('/'), environment));
        await WaitHealthyAsync(new Uri(url, "api/health"), worker);
        await worker.WaitForLineAsync(l => l.Contains("taking jobs"), TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Starts an <c>aegis serve</c> host (again on the same URL after it was killed); with <paramref name="id"/>, a further host on the same task hub.</summary>
    public async Task<ChildProcess> StartHostAsync(string id = "host-1", Uri? url = null)
    {
        url ??= HostUrl ??= new Uri($"http://127.0.0.1:{RepoPaths.FreePort()}");
        var environment = Environment();
        environment["Aegis__HostId"] = id;
        var host = Track(PipelineProcess.Start("host", url.ToString().TrimEnd('/'), environment));
        Host ??= host;
        if (url == HostUrl)
            Host = host;
        await host.WaitForLineAsync(l => l.Contains("Polling"), TimeSpan.FromSeconds(90));
        return host;
    }

    public HttpClient Api(bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = HostUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (withKey)
            client.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        return client;
    }

    /// <summary>Uploads a sidecar (dataset + tiny parameters) and then the model, as a user would.</summary>
    public async Task<BlobRef> UploadModelAsync(string name, string localPath, ScanParameters? parameters = null, string dataset = "fashion-mnist")
    {
        var manifest = new ScanManifest { Dataset = dataset, Parameters = parameters ?? TinyParameters };
        await Models.GetBlobClient(name + ScanManifest.Suffix).UploadAsync(BinaryData.FromString(PipelineJson.Serialize(manifest)), overwrite: true);
        var uploaded = await Models.GetBlobClient(name).UploadAsync(localPath, overwrite: true);
        return new BlobRef(Models.Name, name, uploaded.Value.ETag.ToString().Trim('"'));
    }

    public async Task<IReadOnlyList<string>> VerdictBlobsAsync(string modelStem)
    {
        var names = new List<string>();
        await foreach (var blob in Verdicts.GetBlobsAsync(BlobTraits.None, BlobStates.None, modelStem + "/", default))
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal) && blob.Name.Count(c => c == '/') == 1)
                names.Add(blob.Name);
        return names;
    }

    /// <summary>Waits until the model has a verdict blob, then returns the verdict.</summary>
    public async Task<ScanVerdict> WaitForVerdictAsync(string modelStem, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var blobs = await VerdictBlobsAsync(modelStem);
            if (blobs.Count > 0)
                return VerdictJson.Deserialize((await Verdicts.GetBlobClient(blobs[0]).DownloadContentAsync()).Value.Content.ToString());
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No verdict for {modelStem} in {timeout}.\nHost:\n{Host?.Tail()}");
            await Task.Delay(500);
        }
    }

    /// <summary>Scan instances in this scenario's task hub, read from the engine's own Instances table.</summary>
    public async Task<IReadOnlyList<string>> InstanceIdsAsync()
    {
        var table = new TableServiceClient(_fixture.ConnectionString).GetTableClient($"{TaskHub}Instances");
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            ids.Add(row.PartitionKey);
        return ids;
    }

    public async Task<int> CountBlobsAsync(BlobContainerClient container, string prefix)
    {
        int n = 0;
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
            n++;
        return n;
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static async Task WaitHealthyAsync(Uri health, ChildProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(health)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"{process.Name} did not become healthy.\n{process.Tail()}");
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
    }
}
