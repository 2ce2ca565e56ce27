using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Engine;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aegis.Scanning.Api;

/// <summary>
/// The HTTP API of DESIGN.md, behind its routes: <c>aegis serve</c> maps them with minimal APIs,
/// the Functions app with one HttpTrigger each, so both answer with the same status codes and
/// JSON. Callers have checked the key already (no key, 401, before anything is read).
/// </summary>
public sealed class ScanApi(ScanStorage storage, ScanStarter starter, IScanInstances instances)
{
    /// <summary>POST /api/scans: starts (or finds) the scan of a model blob's current version.</summary>
    /// <param name="apiBase">The API's absolute base, e.g. http://127.0.0.1:7071/api/, for the status and verdict URLs.</param>
    public async Task<Results<Accepted<ScanAccepted>, ProblemHttpResult>> StartAsync(
        Stream body, Uri apiBase, CancellationToken cancellationToken)
    {
        StartScanRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<StartScanRequest>(body, PipelineJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest($"The body is not a scan request: {e.Message}");
        }
        if (request?.Model is not { } name)
            return ApiProblems.BadRequest("The body must name a model blob: { \"model\": \"name.pt\", \"dataset\": …, \"parameters\": { … } }.");
        if (BlobNameValidator.Problem(name) is { } problem)
            return ApiProblems.BadRequest($"'{name}' is not a model blob name: {problem}");
        if (ScanManifest.IsManifest(name))
            return ApiProblems.BadRequest($"'{name}' names a sidecar, not a model.");
        if (request.Parameters?.Validate() is { Count: > 0 } problems)
            return ApiProblems.BadRequest("Invalid scan parameters: " + string.Join(" ", problems));

        string etag;
        try
        {
            var properties = await storage.Models.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            etag = ScanIds.NormalizeETag(properties.Value.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ApiProblems.NotFound($"No blob {storage.Models.Name}/{name}; upload the model first.");
        }
        if (request.ETag is { } wanted && ScanIds.NormalizeETag(wanted) != etag)
            return ApiProblems.Conflict($"Blob {storage.Models.Name}/{name} is at version {etag}, not {wanted}; only the current version can be scanned.");

        var started = await starter.StartAsync(new BlobRef(storage.Models.Name, name, etag), "api", request.Dataset, request.Parameters, cancellationToken);
        string statusUrl = new Uri(apiBase, $"scans/{started.InstanceId}").ToString();
        return TypedResults.Accepted(statusUrl, new ScanAccepted(started.InstanceId, started.Created, statusUrl, $"{statusUrl}/verdict"));
    }

    /// <summary>GET /api/scans/{id}: the engine's state of the scan.</summary>
    public async Task<Results<Ok<ScanStatus>, ProblemHttpResult>> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {id}.");
        return TypedResults.Ok(new ScanStatus
        {
            Id = instance.Id,
            RuntimeStatus = instance.RuntimeStatus,
            Stage = instance.Progress?.Stage,
            Run = instance.Progress?.Run ?? 1,
            Model = instance.Request?.Model,
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
            Classes = instance.Progress?.Classes ?? [],
            Summary = instance.Summary,
            LastFailure = instance.Progress?.LastFailure,
            Failure = instance.Failure,
        });
    }

    /// <summary>GET /api/scans/{id}/verdict: the verdict blob the completed scan names, as stored.</summary>
    public async Task<Results<ContentHttpResult, ProblemHttpResult>> GetVerdictAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {id}.");
        if (instance.Summary is not { } summary)
            return ApiProblems.NotFound($"Scan {id} has no verdict yet ({instance.RuntimeStatus}).", instance.RuntimeStatus);
        string prefix = storage.Verdicts.Name + "/";
        string? json = summary.VerdictBlob.StartsWith(prefix, StringComparison.Ordinal)
            ? await ScanStorage.ReadTextAsync(storage.Verdicts, summary.VerdictBlob[prefix.Length..], cancellationToken)
            : null;
        return json is null
            ? ApiProblems.NotFound($"Verdict blob {summary.VerdictBlob} is missing.")
            : TypedResults.Content(json, "application/json");
    }

    /// <summary>GET /api/scans/{id}/report: the scan's report.html, stored beside the verdict with its pictures.</summary>
    public async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReportAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {id}.");
        if (instance.Summary is not { } summary)
            return ApiProblems.NotFound($"Scan {id} has no verdict yet ({instance.RuntimeStatus}).", instance.RuntimeStatus);
        string? html = await ScanStorage.ReadTextAsync(storage.Verdicts, WorkPaths.Report(summary.ModelName, summary.ScanId), cancellationToken);
        return html is null
            ? ApiProblems.NotFound($"Scan {id} ended {summary.Verdict} without a report page (pages are drawn with the pictures of a finished detection); its verdict is at {summary.VerdictBlob}.")
            : TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>PUT /api/models/{name}: stores the body as the model blob; a dataset name becomes blob metadata.</summary>
    public async Task<Results<Ok<UploadedModel>, ProblemHttpResult>> UploadModelAsync(string name, string? dataset, Stream body, CancellationToken cancellationToken)
    {
        if (BlobNameValidator.Problem(name) is { } problem)
            return ApiProblems.BadRequest($"'{name}' is not a model blob name: {problem}");
        if (ScanManifest.IsManifest(name))
            return ApiProblems.BadRequest($"'{name}' names a sidecar, not a model.");
        var options = new BlobUploadOptions();
        if (!string.IsNullOrWhiteSpace(dataset))
            options.Metadata = new Dictionary<string, string> { [ScanManifest.DatasetMetadataKey] = dataset };
        var uploaded = await storage.Models.GetBlobClient(name).UploadAsync(body, options, cancellationToken);
        return TypedResults.Ok(new UploadedModel(storage.Models.Name, name, ScanIds.NormalizeETag(uploaded.Value.ETag.ToString())));
    }

    /// <summary>POST /api/events, the Event Grid webhook: BlobCreated in the models container starts (or finds) that version's scan.</summary>
    public async Task<Results<Ok<EventsAccepted>, Ok<SubscriptionValidated>, ProblemHttpResult>> ReceiveEventsAsync(BinaryData body, CancellationToken cancellationToken)
    {
        EventGridWebhook.Delivery delivery;
        try
        {
            delivery = EventGridWebhook.Parse(body);
        }
        catch (FormatException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        if (delivery.ValidationCode is { } code)
            return TypedResults.Ok(new SubscriptionValidated(code));

        var scans = new List<EventScan>();
        foreach (var blob in delivery.Created)
        {
            if (blob.Container != storage.Models.Name || ScanManifest.IsManifest(blob.Name) || !BlobNameValidator.IsValid(blob.Name))
                continue;
            string? etag = blob.ETag;
            if (string.IsNullOrEmpty(etag))
            {
                try { etag = (await storage.Models.GetBlobClient(blob.Name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString(); }
                catch (RequestFailedException e) when (e.Status == 404) { continue; }
            }
            var started = await starter.StartAsync(new BlobRef(blob.Container, blob.Name, etag), "event-grid", cancellationToken: cancellationToken);
            scans.Add(new EventScan(blob.Name, started.InstanceId, started.Created));
        }
        return TypedResults.Ok(new EventsAccepted(scans));
    }
}
