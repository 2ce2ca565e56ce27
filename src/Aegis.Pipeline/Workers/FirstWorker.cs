using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// One request that any worker can answer (an inspection, a trigger check, Neural Cleanse): the
/// workers are tried in the given order, each with a freshly signed grant, until one answers. A 422
/// means the model or its input is unusable and is final (<see cref="ScanInputException"/> with the
/// worker's code); a worker that fails, cannot be reached or answers nonsense hands the request to
/// the next, and when none answers the caller gets <see cref="WorkerFailedException"/> (retried).
/// A 202 (<see cref="ModelRunAccepted"/>: the run outlasted the worker's wait) is polled on that worker
/// until it answers; a worker that has forgotten the run (404) counts as failed.
/// </summary>
internal static class FirstWorker
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <param name="what">The work, for messages: "inspect models/m.pt (0x1)".</param>
    public static async Task<TResult> PostAsync<TResult>(HttpClient http, IEnumerable<Uri> workers, string route, object body, Func<string> grant, string what,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var worker in workers)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(worker, route))
                {
                    Content = JsonContent.Create(body, body.GetType(), options: PipelineJson.Options),
                    Headers = { { WorkerGrantSigner.Header, grant() } },
                };
                using var response = await AnsweredAsync(http, worker, await http.SendAsync(message, cancellationToken), cancellationToken);
                if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
                {
                    var error = await response.Content.ReadFromJsonAsync<WorkerError>(PipelineJson.Options, cancellationToken);
                    throw new ScanInputException(error?.Code ?? ErrorCodes.Internal, error?.Message ?? $"Worker {worker} refused to {what}.");
                }
                if (response.IsSuccessStatusCode)
                    return await response.Content.ReadFromJsonAsync<TResult>(PipelineJson.Options, cancellationToken)
                        ?? throw new WorkerFailedException($"Worker {worker} sent an empty answer to {what}.");
                errors.Add($"{worker}: HTTP {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or WorkerFailedException
                                        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                errors.Add($"{worker}: {e.Message}");
            }
        }
        throw new WorkerFailedException($"No worker could {what}: {string.Join("; ", errors)}");
    }

    /// <summary>The worker's final answer: <paramref name="response"/> itself, or after a 202 the poll that is no longer 202.</summary>
    private static async Task<HttpResponseMessage> AnsweredAsync(HttpClient http, Uri worker, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        while (response.StatusCode == HttpStatusCode.Accepted)
        {
            ModelRunAccepted? accepted;
            using (response)
                accepted = await response.Content.ReadFromJsonAsync<ModelRunAccepted>(PipelineJson.Options, cancellationToken);
            if (accepted?.Id is not { Length: > 0 } id)
                throw new WorkerFailedException($"Worker {worker} accepted the run without an id to poll.");
            await Task.Delay(PollInterval, cancellationToken);
            response = await http.GetAsync(new Uri(worker, $"{ModelRunAccepted.Route}/{Uri.EscapeDataString(id)}"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                throw new WorkerFailedException($"Worker {worker} no longer knows model run {UntrustedText.Quote(id)} (it restarted).");
            }
        }
        return response;
    }
}
