using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Storage;

namespace Aegis.Cli.Commands.Pipeline;

/// <summary>
/// The retrain-pipeline client behind <c>aegis scan --remote URL --key K MODEL</c>: uploads the
/// model through the host's API (PUT /api/models/{name}), starts its scan (POST /api/scans),
/// polls the status with per-class progress, and returns the verdict.
/// </summary>
public sealed class RemoteScanClient(Uri hostUrl, string key, HttpClient? http = null) : IDisposable
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

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
            string query = dataset is null ? "" : $"&dataset={Uri.EscapeDataString(dataset)}";
            var uploaded = await _http.PutAsync(Url($"api/models/{Uri.EscapeDataString(name)}", query), upload, cancellationToken);
            await EnsureAsync(uploaded, "upload", cancellationToken);
        }

        var started = await _http.PostAsJsonAsync(Url("api/scans"), new { model = name, dataset, parameters }, PipelineJson.Options, cancellationToken);
        await EnsureAsync(started, "start", cancellationToken);
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;

        while (true)
        {
            var status = await _http.GetFromJsonAsync<JsonElement>(Url($"api/scans/{id}"), cancellationToken);
            string runtime = status.GetProperty("runtimeStatus").GetString() ?? "";
            var classes = status.GetProperty("classes").EnumerateArray().ToArray();
            progress?.Report(new Progress(runtime, status.TryGetProperty("stage", out var s) ? s.GetString() : null,
                classes.Count(c => c.GetProperty("state").GetString() == "analysed"), classes.Length));
            if (runtime == "Completed")
                break;
            await Task.Delay(pollInterval, cancellationToken);
        }
        var verdict = await _http.GetAsync(Url($"api/scans/{id}/verdict"), cancellationToken);
        await EnsureAsync(verdict, "verdict", cancellationToken);
        return VerdictJson.Deserialize(await verdict.Content.ReadAsStringAsync(cancellationToken));
    }

    private Uri Url(string path, string query = "") => new(hostUrl, $"{path}?code={Uri.EscapeDataString(key)}{query}");

    private static async Task EnsureAsync(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Remote scan {step} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public void Dispose() => _http.Dispose();
}
