using System.Net;
using System.Net.Http.Json;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Spreads classes over the configured workers, one class per worker at a time: each class is a
/// job started on a worker and polled until done (start and poll, so no request outlives an
/// ingress timeout). A class whose worker fails or dies (connection refused or reset, 5xx, a job
/// the worker forgot) is retried on another worker; a worker that failed is tried last for a
/// while. A rejected job means the input is bad and is not retried. Each start carries a grant for
/// that class only (<see cref="WorkerGrant"/>, signed with the worker key), the key itself riding on
/// the client (<see cref="WorkerHttp"/>), and what a worker reports back must be that
/// class's features blob, or the worker counts as failed.
/// </summary>
public sealed class HttpTranslationWorkerPool : ITranslationWorker
{
    private static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly WorkerGrantSigner _grants;
    private readonly IReadOnlyList<Uri> _workers;
    private readonly SemaphoreSlim _free;
    private readonly object _lock = new();
    private readonly HashSet<Uri> _idle;
    private readonly Dictionary<Uri, DateTimeOffset> _failedAt = [];
    private readonly int _attempts;
    private readonly TimeSpan _pollInterval;

    public HttpTranslationWorkerPool(HttpClient http, IReadOnlyList<Uri> workers, WorkerGrantSigner grants, int attemptsPerClass = 0, TimeSpan? pollInterval = null)
    {
        _grants = grants;
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
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
                var result = await TranslateOnAsync(worker, request, cancellationToken);
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

    /// <summary>Starts the class's job on the worker, then polls it until it is done; every exchange is short.</summary>
    private async Task<FeaturesRef> TranslateOnAsync(Uri worker, TranslationRequest request, CancellationToken cancellationToken)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, new Uri(worker, "api/translations"))
        {
            Content = JsonContent.Create(request, options: PipelineJson.Options),
            Headers = { { WorkerGrantSigner.Header, _grants.Sign(WorkerGrant.For(request, DateTimeOffset.UtcNow + WorkerGrant.Lifetime)) } },
        };
        using var started = await _http.SendAsync(start, cancellationToken);
        var job = await ReadJobAsync(worker, started, cancellationToken);
        string expectedId = TranslationJob.IdFor(request);
        while (job.State == TranslationJob.Running)
        {
            if (job.Id != expectedId)
                throw new WorkerFailedException($"Worker {worker} answered for job {UntrustedText.Quote(job.Id)}, not {expectedId}.");
            await Task.Delay(_pollInterval, cancellationToken);
            using var polled = await _http.GetAsync(new Uri(worker, $"api/translations/{Uri.EscapeDataString(expectedId)}"), cancellationToken);
            if (polled.StatusCode == HttpStatusCode.NotFound)
                throw new WorkerFailedException($"Worker {worker} no longer knows job {expectedId} (it restarted).");
            job = await ReadJobAsync(worker, polled, cancellationToken);
        }
        return job.State switch
        {
            TranslationJob.Succeeded => Checked(worker, request, job.Result),
            TranslationJob.Rejected => throw new ScanInputException(job.Error?.Code ?? "internal", job.Error?.Message ?? $"Worker {worker} rejected class {request.Label}."),
            _ => throw new WorkerFailedException($"Worker {worker}: class {request.Label} failed: {job.Error?.Message}"),
        };
    }

    /// <summary>A worker's result is believed only when it is the features blob the grant allowed, with as many rows as the parameters can give.</summary>
    private static FeaturesRef Checked(Uri worker, TranslationRequest request, FeaturesRef? result)
    {
        string expected = WorkPaths.Features(request.ScanId, request.Label);
        if (result is null || result.ScanId != request.ScanId || result.Label != request.Label || result.Path != expected)
            throw new WorkerFailedException($"Worker {worker} reported a result that is not class {request.Label}'s features blob {expected}.");
        if (result.Translated is < 1 || result.Translated > request.Parameters.Seeds || result.Clean is < 1 || result.Clean > request.Parameters.CleanPerClass)
            throw new WorkerFailedException($"Worker {worker} reported {result.Translated} translated and {result.Clean} clean rows for class {request.Label}, " +
                                            $"outside 1..{request.Parameters.Seeds} and 1..{request.Parameters.CleanPerClass}.");
        return result;
    }

    private static async Task<TranslationJob> ReadJobAsync(Uri worker, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new WorkerFailedException($"Worker {worker}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<TranslationJob>(PipelineJson.Options, cancellationToken)
            ?? throw new WorkerFailedException($"Worker {worker} sent an empty answer.");
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
