using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary>
/// The retrain-pipeline client behind <c>aegis scan --remote URL --key K MODEL</c>: uploads the
/// model through the host's API (PUT /api/models/{name}), starts its scan (POST /api/scans),
/// polls the status with per-class progress, and returns the verdict. It reads and writes the
/// API's own DTOs; the key travels in the x-functions-key header, never in a URL.
/// </summary>
public sealed class RemoteScanClient : IDisposable
{
    public const string KeyHeader = "x-functions-key";

    private readonly HttpClient _http;
    private readonly Uri _hostUrl;

    public RemoteScanClient(Uri hostUrl, string key, HttpClient? http = null)
    {
        _hostUrl = hostUrl;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Add(KeyHeader, key);
    }

    public sealed record Progress(string RuntimeStatus, string? Stage, int ClassesDone, int ClassesTotal);

    public async Task<ScanVerdict> ScanAsync(string modelPath, string? dataset, ScanParameters? parameters, IProgress<Progress>? progress,
        TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"Model file {modelPath} not found.", modelPath);
        string name = Path.GetFileName(modelPath);

        using (var upload = new StreamContent(File.OpenRead(modelPath)))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            string query = dataset is null ? "" : $"?dataset={Uri.EscapeDataString(dataset)}";
            var uploaded = await _http.PutAsync(Url($"api/models/{Uri.EscapeDataString(name)}{query}"), upload, cancellationToken);
            await EnsureAsync(uploaded, "upload", cancellationToken);
        }

        var request = new StartScanRequest { Model = name, Dataset = dataset, Parameters = parameters };
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

    private Uri Url(string pathAndQuery) => new(_hostUrl, pathAndQuery);

    private static async Task EnsureAsync(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Remote scan {step} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public void Dispose() => _http.Dispose();
}
