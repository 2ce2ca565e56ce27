using Aegis.Core.Verdicts;
using Aegis.Pipeline;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Worker.Hosting;

/// <summary>
/// <c>POST /api/probes</c> (a class's trigger check) and <c>POST /api/cleanses</c> (Neural Cleanse):
/// the model-side work after translation, in the sandboxes that translate the model's classes. Beyond
/// the worker key, the request needs the host's grant for exactly that job (<see cref="ModelRunGrant"/>),
/// checked before the body is read (401); the body is read under the request cap (413), checked like
/// any untrusted input (400) and compared with the grant (403). The job then runs in the background
/// (<see cref="ModelRunRegistry"/>); the request waits up to <see cref="AegisSettings.ModelRunReplySeconds"/>
/// for it and answers 200 with the result, or 422 with the error code when the model or dataset is
/// unusable — or, when the job is still running, 202 with its id, polled at
/// <c>GET /api/model-runs/{id}</c> (the same answers; 404 once the worker has forgotten it). No
/// exchange outlives an ingress timeout, however long Neural Cleanse takes on a large model.
/// </summary>
public static class ModelRunEndpoints
{
    public static Task<IResult> ProbeAsync(HttpRequest request, LocalModelRuns runs, ModelRunRegistry registry, WorkerGrantVerifier grants, AegisSettings settings,
        ILogger<LocalModelRuns> logger, CancellationToken cancellationToken) =>
        RunAsync<ProbeJob>(request, registry, grants, settings, cancellationToken, async (job, token) =>
        {
            logger.LogInformation("Probing class {Label} of scan {ScanId} with {Candidates} patches", job.Label, job.ScanId, job.Candidates.Count);
            return await runs.ProbeTriggerAsync(job, preferredWorker: null, token);
        });

    public static Task<IResult> CleanseAsync(HttpRequest request, LocalModelRuns runs, ModelRunRegistry registry, WorkerGrantVerifier grants, AegisSettings settings,
        ILogger<LocalModelRuns> logger, CancellationToken cancellationToken) =>
        RunAsync<CleanseJob>(request, registry, grants, settings, cancellationToken, async (job, token) =>
        {
            logger.LogInformation("Reversing the triggers of {Classes} classes for scan {ScanId}", job.Classes.Count, job.ScanId);
            return await runs.ReverseTriggersAsync(job, token);
        });

    public static async Task<IResult> GetAsync(string id, HttpResponse response, ModelRunRegistry registry) =>
        registry.Get(id) is { } run
            ? await AnswerAsync(id, run, TimeSpan.Zero, response, CancellationToken.None)
            : Results.Json(new WorkerError("not-found", $"This worker has no model run {UntrustedText.Quote(id)} (it restarted, or the run finished over {ModelRunRegistry.Retention.TotalMinutes:F0} minutes ago)."),
                PipelineJson.Options, statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> RunAsync<TJob>(HttpRequest request, ModelRunRegistry registry, WorkerGrantVerifier grants, AegisSettings settings,
        CancellationToken cancellationToken, Func<TJob, CancellationToken, Task<object>> run) where TJob : ModelRunJob
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
        string id = ModelRunAccepted.IdFor(job);
        var running = registry.Start(id, token => run(job, token));
        return await AnswerAsync(id, running, TimeSpan.FromSeconds(settings.ModelRunReplySeconds), request.HttpContext.Response, cancellationToken);
    }

    /// <summary>The run's answer once it is done (200, 422, or 500 for a failure of the worker's own), or 202 if it is not done within <paramref name="wait"/>.</summary>
    private static async Task<IResult> AnswerAsync(string id, Task<object> run, TimeSpan wait, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!run.IsCompleted && wait > TimeSpan.Zero)
            await Task.WhenAny(run, Task.Delay(wait, cancellationToken));
        if (!run.IsCompleted)
        {
            response.Headers.Location = $"/{ModelRunAccepted.Route}/{id}";
            return Results.Json(new ModelRunAccepted(id), PipelineJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        if (run.IsCompletedSuccessfully)
            return Results.Json(run.Result, PipelineJson.Options);
        return run.Exception?.InnerException is ScanInputException e
            ? Results.Json(new WorkerError(e.Code, e.Message), PipelineJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity)
            : Results.Json(new WorkerError(ErrorCodes.Internal, run.Exception?.InnerException?.Message ?? "The model run was cancelled."), PipelineJson.Options,
                statusCode: StatusCodes.Status500InternalServerError);
    }
}
