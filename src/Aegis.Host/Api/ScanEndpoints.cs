using Aegis.Core.Detection;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Host.Api;

/// <summary>The scan API of DESIGN.md (same routes as the Functions app), plus a model upload for remote clients.</summary>
public static class ScanEndpoints
{
    public static RouteGroupBuilder MapScanApi(this RouteGroupBuilder api)
    {
        api.MapPost("/scans", StartAsync);
        api.MapGet("/scans/{id}", StatusAsync);
        api.MapGet("/scans/{id}/verdict", VerdictAsync);
        api.MapPut("/models/{**name}", UploadAsync);
        return api;
    }

    private static async Task<IResult> StartAsync(HttpRequest http, ScanRequestBody? body, ScanStorage storage, ScanCoordinator coordinator, CancellationToken ct)
    {
        if (body?.Model is not { Length: > 0 } name || ScanManifest.IsManifest(name))
            return Results.BadRequest(new { error = "Body must name a model blob: { \"model\": \"name.pt\", \"dataset\": …, \"parameters\": { … } }." });
        if (body.Parameters?.Validate() is { Count: > 0 } problems)
            return Results.BadRequest(new { error = "Invalid scan parameters: " + string.Join(" ", problems) });
        string etag;
        try
        {
            var properties = await storage.Models.GetBlobClient(name).GetPropertiesAsync(cancellationToken: ct);
            etag = body.ETag ?? properties.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return Results.NotFound(new { error = $"No blob {storage.Models.Name}/{name}; upload the model first." });
        }
        var input = new ScanInput
        {
            Model = new BlobRef(storage.Models.Name, name, ScanIds.NormalizeETag(etag)),
            Dataset = body.Dataset,
            Parameters = body.Parameters,
            RequestedAt = DateTimeOffset.UtcNow,
            Trigger = "api",
        };
        var started = await coordinator.StartAsync(input, ct);
        string statusUrl = $"{http.Scheme}://{http.Host}/api/scans/{started.InstanceId}";
        return Results.Accepted(statusUrl, new ScanAccepted(started.InstanceId, started.Created, statusUrl, $"{statusUrl}/verdict"));
    }

    private static async Task<IResult> StatusAsync(string id, ScanStatusReader reader, CancellationToken ct) =>
        ScanIds.IsScanId(id) && await reader.ReadAsync(id, ct) is { } status
            ? Results.Json(status, PipelineJson.Options)
            : Results.NotFound(new { error = $"No scan {id}." });

    private static async Task<IResult> VerdictAsync(string id, ScanStatusReader reader, ScanStorage storage, CancellationToken ct)
    {
        if (!ScanIds.IsScanId(id) || await reader.ReadAsync(id, ct) is not { } status)
            return Results.NotFound(new { error = $"No scan {id}." });
        if (status.Summary is not { } summary)
            return Results.NotFound(new { error = $"Scan {id} has no verdict yet ({status.RuntimeStatus}).", status = status.RuntimeStatus });
        string blobName = summary.VerdictBlob[(storage.Verdicts.Name.Length + 1)..];
        string? json = await ScanStorage.ReadTextAsync(storage.Verdicts, blobName, ct);
        return json is null
            ? Results.NotFound(new { error = $"Verdict blob {summary.VerdictBlob} is missing." })
            : Results.Content(json, "application/json");
    }

    /// <summary>PUT /api/models/{name}: stores the request body as the model blob (optional ?dataset= becomes blob metadata).</summary>
    private static async Task<IResult> UploadAsync(string name, HttpRequest http, ScanStorage storage, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains("..") || ScanManifest.IsManifest(name))
            return Results.BadRequest(new { error = $"'{name}' is not a model blob name." });
        var options = new BlobUploadOptions();
        if (http.Query["dataset"].FirstOrDefault() is { Length: > 0 } dataset)
            options.Metadata = new Dictionary<string, string> { [ScanManifest.DatasetMetadataKey] = dataset };
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var uploaded = await storage.Models.GetBlobClient(name).UploadAsync(buffer, options, ct);
        return Results.Ok(new UploadedModel(storage.Models.Name, name, ScanIds.NormalizeETag(uploaded.Value.ETag.ToString())));
    }
}
