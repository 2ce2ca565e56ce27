using Aegis.Core.Detection;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Model inspection for a host without TorchSharp (the Functions app): a worker fetches the model
/// blob and the dataset itself and inspects them (<c>POST /api/inspect</c>). The first worker that
/// answers does it (<see cref="FirstWorker"/>); a 422 means the model or dataset is unusable and is final. Each request carries
/// a grant for exactly that model version, dataset and parameters (<see cref="InspectionGrant"/>).
/// </summary>
public sealed class HttpModelInspector(HttpClient http, IReadOnlyList<Uri> workers, WorkerGrantSigner grants) : IModelInspector
{
    public const string Route = "api/inspect";

    public Task<ModelInspection> InspectAsync(ModelInspectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = new InspectionJob(request.Source ?? throw new ArgumentException("A remote inspection needs the model blob (Source).", nameof(request)),
            request.DatasetName, request.Parameters);
        return FirstWorker.PostAsync<ModelInspection>(http, workers, Route, job,
            () => grants.Sign(InspectionGrant.For(job, DateTimeOffset.UtcNow + InspectionGrant.Lifetime)), $"inspect {job.Model}", cancellationToken);
    }
}

/// <summary>What a worker needs to inspect a model: the blob, the dataset folder under datasets/, the scan's parameters.</summary>
public sealed record InspectionJob(BlobRef Model, string Dataset, ScanParameters Parameters);
