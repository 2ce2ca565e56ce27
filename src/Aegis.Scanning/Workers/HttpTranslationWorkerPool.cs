using System.Net;
using System.Net.Http.Json;
using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Workers;

/// <summary>
/// Spreads classes over the configured workers, one class per worker at a time. A class whose
/// worker fails or dies (connection refused or reset, 5xx) is retried on another worker; a worker
/// that failed is tried last for a while. A 422 from a worker means the input is bad and is not retried.
/// </summary>
public sealed class HttpTranslationWorkerPool : ITranslationWorker
{
    private static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _workers;
    private readonly SemaphoreSlim _free;
    private readonly object _lock = new();
    private readonly HashSet<Uri> _idle;
    private readonly Dictionary<Uri, DateTimeOffset> _failedAt = [];
    private readonly int _attempts;

    public HttpTranslationWorkerPool(HttpClient http, IReadOnlyList<Uri> workers, int attemptsPerClass = 0)
    {
        if (workers.Count == 0)
            throw new ArgumentException("At least one worker URL is needed.", nameof(workers));
        _http = http;
        _workers = workers;
        _idle = [.. workers];
        _free = new SemaphoreSlim(workers.Count);
        _attempts = attemptsPerClass > 0 ? attemptsPerClass : Math.Max(3, workers.Count * 2);
    }

    public async Task<FeaturesRef> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        var tried = new HashSet<Uri>();
        var errors = new List<string>();
        for (int attempt = 0; attempt < _attempts; attempt++)
        {
            var worker = await AcquireAsync(tried, cancellationToken);
            try
            {
                var result = await PostAsync(worker, request, cancellationToken);
                lock (_lock) _failedAt.Remove(worker);
                return result;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or WorkerFailedException
                                        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                tried.Add(worker);
                errors.Add($"{worker}: {e.Message}");
                lock (_lock) _failedAt[worker] = DateTimeOffset.UtcNow;
            }
            finally
            {
                Release(worker);
            }
        }
        throw new WorkerFailedException($"Class {request.Label} of scan {request.ScanId} failed on every worker tried: {string.Join("; ", errors)}");
    }

    private async Task<FeaturesRef> PostAsync(Uri worker, TranslationRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(worker, "api/translate"), request, PipelineJson.Options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            var error = await response.Content.ReadFromJsonAsync<WorkerError>(PipelineJson.Options, cancellationToken);
            throw new ScanInputException(error?.Code ?? "internal", error?.Message ?? $"Worker {worker} rejected class {request.Label}.");
        }
        if (!response.IsSuccessStatusCode)
            throw new WorkerFailedException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<FeaturesRef>(PipelineJson.Options, cancellationToken)
            ?? throw new WorkerFailedException("empty response");
    }

    /// <summary>
    /// Waits for a worker this class can use: one it has not failed on and that has not failed
    /// recently. A busy healthy worker is worth waiting for; a dead one is tried again only when
    /// no other is left.
    /// </summary>
    private async Task<Uri> AcquireAsync(HashSet<Uri> tried, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _free.WaitAsync(cancellationToken);
            lock (_lock)
            {
                var now = DateTimeOffset.UtcNow;
                bool Healthy(Uri w) => !(_failedAt.TryGetValue(w, out var at) && now - at < FailurePenalty);
                var wanted = _workers.Where(w => Healthy(w) && !tried.Contains(w)).ToArray();
                if (wanted.Length == 0)
                    wanted = _workers.Where(Healthy).ToArray();
                if (wanted.Length == 0)
                    wanted = _workers.ToArray();
                var pick = wanted.FirstOrDefault(_idle.Contains);
                if (pick is not null)
                {
                    _idle.Remove(pick);
                    return pick;
                }
            }
            _free.Release();
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private void Release(Uri worker)
    {
        lock (_lock) _idle.Add(worker);
        _free.Release();
    }

}

public sealed class WorkerFailedException(string message) : Exception(message);
