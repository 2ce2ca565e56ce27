using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Aegis.Worker.Hosting;
using Aegis.Containment;
using Aegis.Worker.Adapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Worker;

/// <summary>
/// The GPU worker service. <c>POST /api/translations</c> starts TranslateClass for one class (202
/// with the job); <c>GET /api/translations/{id}</c> reports it (running with the fraction done,
/// succeeded with the features blob, rejected with the input error, failed); <c>GET /api/progress</c>
/// lists the jobs running; <c>GET /api/health</c>. Start and poll keep every exchange short,
/// whatever the translation's length. <c>POST /api/inspect</c> loads and checks a model for
/// PrepareScan on a host without TorchSharp (one request, well under the ingress limit).
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(AegisSettings settings, string urls, SandboxOptions? sandbox = null)
    {
        var builder = AegisWebHost.CreateBuilder(settings, urls, "aegis-worker", sandbox);
        builder.Services.AddSingleton<TranslationJobs>();
        builder.Services.AddSingleton<ScanModelInspector>();

        var app = builder.Build();
        app.UseMiddleware<WorkerKeyMiddleware>();
        app.MapPost("/api/translations", StartAsync);
        app.MapGet("/api/translations/{id}", (string id, TranslationJobs jobs) =>
            jobs.Get(id) is { } job ? Results.Json(job, PipelineJson.Options) : Results.NotFound());
        app.MapPost("/" + HttpModelInspector.Route, InspectionEndpoint.InspectAsync);
        app.MapGet("/api/progress", (TranslationJobs jobs) => Results.Json(jobs.Running(), PipelineJson.Options));
        app.MapGet(WorkerKeyMiddleware.HealthPath, () => Results.Ok(new { status = "ok" }));
        return app;
    }

    public static async Task<int> RunAsync(string urls, CancellationToken cancellationToken, SandboxOptions? sandbox = null)
    {
        var settings = SettingsSource.Load();
        await using var app = Build(settings, urls, sandbox);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task<IResult> StartAsync(HttpContext http, TranslationJobs jobs, CancellationToken cancellationToken)
    {
        TranslationRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<TranslationRequest>(PipelineJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.BadRequest(new WorkerError("bad-request", e.Message));
        }
        if (request is null)
            return Results.BadRequest(new WorkerError("bad-request", "Empty request."));
        var job = jobs.Start(request, $"{http.Request.Scheme}://{http.Request.Host}");
        return Results.Json(job, PipelineJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
