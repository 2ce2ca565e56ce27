using System.Text.Json;
using Aegis.Scanning;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Aegis.Worker.Adapters;
using Microsoft.AspNetCore.Http;

namespace Aegis.Worker.Hosting;

/// <summary>
/// <c>POST /api/inspect</c>: PrepareScan's Torch part for a host without TorchSharp. The worker
/// fetches the model blob and the dataset into its own cache and inspects them; an unusable model
/// or dataset answers 422 with its error code.
/// </summary>
public static class InspectionEndpoint
{
    public static async Task<IResult> InspectAsync(HttpRequest request, BlobCache cache, ScanModelInspector inspector, CancellationToken cancellationToken)
    {
        InspectionJob? job;
        try
        {
            job = await request.ReadFromJsonAsync<InspectionJob>(PipelineJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new WorkerError("bad-request", e.Message));
        }
        if (job?.Model is null || string.IsNullOrEmpty(job.Dataset) || job.Parameters is null)
            return Results.BadRequest(new WorkerError("bad-request", "An inspection needs the model blob, the dataset and the parameters."));
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
