using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Pipeline;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Aegis.Pipeline.Workers;
using Aegis.Pipeline.Local;
using Microsoft.AspNetCore.Http;

namespace Aegis.Worker.Hosting;

/// <summary>
/// <c>POST /api/inspect</c>: PrepareScan's Torch part for a host without TorchSharp. The worker
/// fetches the model blob and the dataset into its own cache and inspects them; an unusable model
/// or dataset answers 422 with its error code. Beyond the worker key, the request needs the host's
/// grant for exactly that model version, dataset and parameters (401 without, 403 for another), and
/// its body is read under the request cap (413) and checked like any untrusted input (400).
/// </summary>
public static class InspectionEndpoint
{
    public static async Task<IResult> InspectAsync(HttpRequest request, BlobCache cache, ScanModelInspector inspector, WorkerGrantVerifier grants, AegisSettings settings,
        CancellationToken cancellationToken)
    {
        // The grant is checked before the body is read: 401 without one.
        if (grants.VerifyInspection(request.Headers[WorkerGrantSigner.Header].FirstOrDefault()) is not { } grant)
            return Results.Json(new WorkerError("unauthorized", $"Send the host's inspection grant in the {WorkerGrantSigner.Header} header."), PipelineJson.Options,
                statusCode: StatusCodes.Status401Unauthorized);
        var (job, refusal) = await WorkerBodies.ReadAsync<InspectionJob>(request, settings, cancellationToken);
        if (job is null)
            return refusal!;
        if (job.Model is null || string.IsNullOrEmpty(job.Dataset) || job.Parameters is null)
            return Results.BadRequest(new WorkerError("bad-request", "An inspection needs the model blob, the dataset and the parameters."));
        // The body is untrusted even from a caller with the key: only a model blob version of the models container, only a dataset folder.
        if (job.Model.Container != settings.Containers.Models || BlobNameValidator.Problem(job.Model.Name) is not null || !ScanIds.IsETag(job.Model.ETag)
            || BlobNameValidator.Problem(job.Dataset) is not null || job.Parameters.Validate().Count > 0)
            return Results.BadRequest(new WorkerError("bad-request", $"An inspection reads a model blob version of the {settings.Containers.Models} container and a dataset folder, with valid parameters."));
        if (!grant.Covers(job))
            return Results.Json(new WorkerError("forbidden", "The grant is for another model version, dataset or parameters."), PipelineJson.Options,
                statusCode: StatusCodes.Status403Forbidden);
        try
        {
            string model = await cache.GetModelAsync(job.Model, cancellationToken);
            string dataset = await cache.GetDatasetAsync(job.Dataset, cancellationToken);
            var inspection = await inspector.InspectAsync(
                new ModelInspectionRequest(model, job.Model.Name, dataset, job.Dataset, job.Parameters) { Source = job.Model }, cancellationToken);
            return Results.Json(inspection, PipelineJson.Options);
        }
        catch (ScanInputException e)
        {
            return Results.Json(new WorkerError(e.Code, e.Message), PipelineJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
