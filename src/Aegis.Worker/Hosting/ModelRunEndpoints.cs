using Aegis.Scanning;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Worker.Hosting;

/// <summary>
/// <c>POST /api/probes</c> (a class's trigger check) and <c>POST /api/cleanses</c> (Neural Cleanse):
/// the model-side work after translation, one request each, in the sandboxes that translate the
/// model's classes. Beyond the worker key, the request needs the host's grant for exactly that job
/// (<see cref="ModelRunGrant"/>), checked before the body is read (401); the body is read under the
/// request cap (413), checked like any untrusted input (400) and compared with the grant (403). An
/// unusable model or dataset answers 422 with its error code.
/// </summary>
public static class ModelRunEndpoints
{
    public static Task<IResult> ProbeAsync(HttpRequest request, LocalModelRuns runs, WorkerGrantVerifier grants, AegisSettings settings, ILogger<LocalModelRuns> logger,
        CancellationToken cancellationToken) =>
        RunAsync<ProbeJob>(request, grants, settings, cancellationToken, async job =>
        {
            logger.LogInformation("Probing class {Label} of scan {ScanId} with {Candidates} patches", job.Label, job.ScanId, job.Candidates.Count);
            return await runs.ProbeTriggerAsync(job, preferredWorker: null, cancellationToken);
        });

    public static Task<IResult> CleanseAsync(HttpRequest request, LocalModelRuns runs, WorkerGrantVerifier grants, AegisSettings settings, ILogger<LocalModelRuns> logger,
        CancellationToken cancellationToken) =>
        RunAsync<CleanseJob>(request, grants, settings, cancellationToken, async job =>
        {
            logger.LogInformation("Reversing the triggers of {Classes} classes for scan {ScanId}", job.Classes.Count, job.ScanId);
            return await runs.ReverseTriggersAsync(job, cancellationToken);
        });

    private static async Task<IResult> RunAsync<TJob>(HttpRequest request, WorkerGrantVerifier grants, AegisSettings settings, CancellationToken cancellationToken,
        Func<TJob, Task<object>> run) where TJob : ModelRunJob
    {
        // The grant is checked before the body is read: 401 without one.
        if (grants.VerifyModelRun(request.Headers[WorkerGrantSigner.Header].FirstOrDefault()) is not { } grant)
            return Results.Json(new WorkerError("unauthorized", $"Send the host's grant for this job in the {WorkerGrantSigner.Header} header."), PipelineJson.Options,
                statusCode: StatusCodes.Status401Unauthorized);
        var (job, refusal) = await WorkerBodies.ReadAsync<TJob>(request, settings, cancellationToken);
        if (job is null)
            return refusal!;
        if (job.Problem(settings.Containers.Models) is { } problem)
            return Results.BadRequest(new WorkerError("bad-request", problem));
        if (grant.Operation != job.Operation || !grant.Covers(job))
            return Results.Json(new WorkerError("forbidden", $"The grant is for {grant.Operation} of scan {grant.ScanId} with another job."), PipelineJson.Options,
                statusCode: StatusCodes.Status403Forbidden);
        try
        {
            return Results.Json(await run(job), PipelineJson.Options);
        }
        catch (ScanInputException e)
        {
            return Results.Json(new WorkerError(e.Code, e.Message), PipelineJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
