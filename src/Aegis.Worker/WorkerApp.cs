using Aegis.Scanning;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Aegis.Worker.Hosting;
using Aegis.Worker.Torch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Worker;

/// <summary>
/// The GPU worker service: <c>POST /api/translate</c> runs TranslateClass for one class and
/// writes its features blob; <c>GET /api/progress</c> lists classes in flight; <c>GET /api/health</c>.
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(AegisSettings settings, string urls)
    {
        var builder = AegisWebHost.CreateBuilder(settings, urls, "aegis-worker");
        builder.Services.AddSingleton<TranslationProgress>();

        var app = builder.Build();
        app.MapPost("/api/translate", TranslateAsync);
        app.MapGet("/api/progress", (TranslationProgress progress) => Results.Json(progress.Snapshot(), PipelineJson.Options));
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }

    public static async Task<int> RunAsync(string urls, CancellationToken cancellationToken)
    {
        var settings = SettingsSource.Load();
        await using var app = Build(settings, urls);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task<IResult> TranslateAsync(HttpContext http, ClassTranslationService service, TranslationProgress progress, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Aegis.Worker");
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

        var reporter = progress.Start(request.ScanId, request.Label);
        try
        {
            logger.LogInformation("Translating class {Label} of scan {ScanId}", request.Label, request.ScanId);
            var self = $"{http.Request.Scheme}://{http.Request.Host}";
            var result = await service.RunAsync(request, self, reporter, cancellationToken);
            logger.LogInformation("Translated class {Label} of scan {ScanId} -> {Path}", request.Label, request.ScanId, result.Path);
            return Results.Json(result, PipelineJson.Options);
        }
        catch (ScanInputException e)
        {
            logger.LogWarning("Class {Label} of scan {ScanId} rejected: {Message}", request.Label, request.ScanId, e.Message);
            return Results.Json(new WorkerError(e.Code, e.Message), PipelineJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        finally
        {
            progress.Finish(request.ScanId, request.Label);
        }
    }
}
