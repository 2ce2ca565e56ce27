using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary>
/// The retrain-pipeline client behind <c>aegis scan --remote URL --key K MODEL</c> and
/// <c>aegis upload --remote</c>: asks the host for an upload URL (POST /api/uploads) and puts the model
/// straight into storage with it, in blocks, so no model passes through the API whatever its size; then
/// starts the scan of exactly that version (POST /api/scans), polls the status with per-class progress,
/// and returns the verdict; with <c>--trace</c>, it then fetches the trace's suspects of a backdoored verdict. It reads and writes the API's own DTOs; the key travels in the
/// x-functions-key header, never in a URL, and the upload URL (a SAS) is never printed.
/// </summary>
public sealed class RemoteScanClient : IDisposable
{
    public const string KeyHeader = "x-functions-key";

    /// <summary>Each block is one request to storage, retried on its own; a 1 GiB model is 128 of them.</summary>
    private const int BlockBytes = 8 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _hostUrl;

    public RemoteScanClient(Uri hostUrl, string key, HttpClient? http = null)
    {
        _hostUrl = hostUrl;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Add(KeyHeader, key);
    }

    public sealed record Progress(string RuntimeStatus, string? Stage, int ClassesDone, int ClassesTotal);

    /// <summary>Uploads <paramref name="modelPath"/> as <c>models/&lt;name&gt;</c> through the host's upload URL; the dataset, if named, goes into the blob's metadata.</summary>
    /// <returns>The blob version written.</returns>
    public async Task<UploadedModel> UploadAsync(string modelPath, string name, string? dataset, CancellationToken cancellationToken)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"Model file {modelPath} not found.", modelPath);
        var granted = await _http.PostAsJsonAsync(Url("api/uploads"), new UploadRequest { Name = name }, PipelineJson.Options, cancellationToken);
        await EnsureAsync(granted, "upload", cancellationToken);
        var access = await granted.Content.ReadFromJsonAsync<UploadAccess>(PipelineJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Remote upload returned no body.");
        var options = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes },
        };
        if (dataset is not null)
            options.Metadata = new Dictionary<string, string> { [ScanManifest.DatasetMetadataKey] = dataset };
        try
        {
            var uploaded = await new BlobClient(access.Url).UploadAsync(modelPath, options, cancellationToken);
            return new UploadedModel(access.Container, access.Name, ScanIds.NormalizeETag(uploaded.Value.ETag.ToString()));
        }
        catch (RequestFailedException e)
        {
            // The exception's own text may carry the request; the URL is a credential until it expires.
            throw new HttpRequestException($"Remote upload to storage failed: HTTP {e.Status} {e.ErrorCode}", e);
        }
    }

    public async Task<ScanVerdict> ScanAsync(string modelPath, string? dataset, ScanParameters? parameters, IProgress<Progress>? progress,
        TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var uploaded = await UploadAsync(modelPath, Path.GetFileName(modelPath), dataset, cancellationToken);

        var request = new StartScanRequest { Model = uploaded.Name, ETag = uploaded.ETag, Dataset = dataset, Parameters = parameters };
        var started = await _http.PostAsJsonAsync(Url("api/scans"), request, PipelineJson.Options, cancellationToken);
        await EnsureAsync(started, "start", cancellationToken);
        var accepted = await started.Content.ReadFromJsonAsync<ScanAccepted>(PipelineJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Remote scan start returned no body.");

        while (true)
        {
            var status = await _http.GetFromJsonAsync<ScanStatus>(Url($"api/scans/{accepted.Id}"), PipelineJson.Options, cancellationToken)
                ?? throw new HttpRequestException("Remote scan status returned no body.");
            progress?.Report(new Progress(status.RuntimeStatus, status.Stage,
                status.Classes.Count(c => c.State == ClassProgress.Scanned), status.Classes.Count));
            if (status.IsCompleted)
                break;
            if (status.Failure is { } failure)
                throw new HttpRequestException($"Remote scan {accepted.Id} failed in the engine: {failure}");
            await Task.Delay(pollInterval, cancellationToken);
        }
        var verdict = await _http.GetAsync(Url($"api/scans/{accepted.Id}/verdict"), cancellationToken);
        await EnsureAsync(verdict, "verdict", cancellationToken);
        return VerdictJson.Deserialize(await verdict.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// The trace's suspects.json of backdoored scan <paramref name="scanId"/> (GET /api/scans/{id}/suspects), asked for
    /// every <paramref name="pollInterval"/> while the host answers 404, until <paramref name="timeout"/> (a <see cref="TimeoutException"/>).
    /// A clean scan (409) or any other answer is an <see cref="HttpRequestException"/> with the host's problem text.
    /// </summary>
    public async Task<TraceReport> WaitForSuspectsAsync(string scanId, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var answer = await _http.GetAsync(Url($"api/scans/{Uri.EscapeDataString(scanId)}/suspects"), cancellationToken);
            if (answer.StatusCode != HttpStatusCode.NotFound)
            {
                await EnsureAsync(answer, "suspects", cancellationToken);
                try
                {
                    return SuspectsFiles.ReadJson(await answer.Content.ReadAsStringAsync(cancellationToken));
                }
                catch (JsonException e)
                {
                    throw new HttpRequestException($"Remote scan suspects are not a suspects.json: {e.Message}", e);
                }
            }
            if (DateTime.UtcNow + pollInterval > deadline)
                throw new TimeoutException($"The host had no suspects for scan {scanId} after {timeout.TotalSeconds:0} s (last answer: {await answer.Content.ReadAsStringAsync(cancellationToken)}).");
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private Uri Url(string pathAndQuery) => new(_hostUrl, pathAndQuery);

    private static async Task EnsureAsync(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Remote scan {step} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public void Dispose() => _http.Dispose();
}
