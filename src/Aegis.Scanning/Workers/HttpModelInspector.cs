using System.Net;
using System.Net.Http.Json;
using Aegis.Core.Detection;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Workers;

/// <summary>
/// Model inspection for a host without TorchSharp (the Functions app): a worker fetches the model
/// blob and the dataset itself and inspects them (<c>POST /api/inspect</c>). The first worker that
/// answers does it; a 422 means the model or dataset is unusable and is final. Each request carries
/// a grant for exactly that model version, dataset and parameters (<see cref="InspectionGrant"/>).
/// </summary>
public sealed class HttpModelInspector(HttpClient http, IReadOnlyList<Uri> workers, WorkerGrantSigner grants) : IModelInspector
{
    public const string Route = "api/inspect";

    public async Task<ModelInspection> InspectAsync(ModelInspectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = new InspectionJob(request.Source ?? throw new ArgumentException("A remote inspection needs the model blob (Source).", nameof(request)),
            request.DatasetName, request.Parameters);
        var errors = new List<string>();
        foreach (var worker in workers)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(worker, Route))
                {
                    Content = JsonContent.Create(job, options: PipelineJson.Options),
                    Headers = { { WorkerGrantSigner.Header, grants.Sign(InspectionGrant.For(job, DateTimeOffset.UtcNow + InspectionGrant.Lifetime)) } },
                };
                using var response = await http.SendAsync(message, cancellationToken);
                if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
                {
                    var error = await response.Content.ReadFromJsonAsync<WorkerError>(PipelineJson.Options, cancellationToken);
                    throw new ScanInputException(error?.Code ?? "internal", error?.Message ?? $"Worker {worker} rejected model {job.Model}.");
                }
                if (response.IsSuccessStatusCode)
                    return await response.Content.ReadFromJsonAsync<ModelInspection>(PipelineJson.Options, cancellationToken)
                        ?? throw new WorkerFailedException($"Worker {worker} sent an empty inspection.");
                errors.Add($"{worker}: HTTP {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                errors.Add($"{worker}: {e.Message}");
            }
        }
        throw new WorkerFailedException($"No worker inspected {job.Model}: {string.Join("; ", errors)}");
    }
}

/// <summary>What a worker needs to inspect a model: the blob, the dataset folder under datasets/, the scan's parameters.</summary>
public sealed record InspectionJob(BlobRef Model, string Dataset, ScanParameters Parameters);
