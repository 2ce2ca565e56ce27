using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Http;
using Aegis.Pipeline.Policy;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Aegis.Core.Text;
using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Api;

/// <summary>
/// The HTTP API of DESIGN.md, behind its routes: <c>aegis serve</c> maps them with minimal APIs,
/// the Functions app with one HttpTrigger each, so both answer with the same status codes and
/// JSON. Callers have checked the key already (no key, 401, before anything is read). Everything
/// in a request is untrusted: bodies are read under a cap (413), names must pass the blob-name
/// rule, an ETag is only compared with the blob's own, never used to build a name (400, 409).
/// </summary>
public sealed class ScanApi(ScanStorage storage, ScanStarter starter, IScanInstances instances, ModelUploadSas uploads)
{
    private long RequestCap => storage.Settings.Limits.MaxRequestBytes;
    private long ModelPutCap => storage.Settings.Limits.ModelPutCap;

    /// <summary>
    /// POST /api/scans: starts (or finds) the scan of a model blob's current version. The request's
    /// Content-Length is checked against the cap before the body is read.
    /// </summary>
    public Task<Results<Accepted<ScanAccepted>, ProblemHttpResult>> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StartAsync(request.Body, request.ContentLength, ApiBase(request), cancellationToken);
    }

    private async Task<Results<Accepted<ScanAccepted>, ProblemHttpResult>> StartAsync(
        Stream body, long? declaredLength, Uri apiBase, CancellationToken cancellationToken)
    {
        StartScanRequest? request;
        try
        {
            await using var capped = RequestBodies.Open(body, declaredLength, RequestCap);
            request = await JsonSerializer.DeserializeAsync<StartScanRequest>(capped, PipelineJson.Options, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ApiProblems.TooLarge(e.Message);
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest($"The body is not a scan request: {e.Message}");
        }
        if (request?.Model is not { } name)
            return ApiProblems.BadRequest("The body must name a model blob: { \"model\": \"name.pt\", \"dataset\": …, \"parameters\": { … } }.");
        if (ModelNameProblem(name) is { } problem)
            return problem;
        if (request.Dataset is { } dataset && BlobNameValidator.Problem(dataset) is { } datasetProblem)
            return ApiProblems.BadRequest($"'{UntrustedText.Quote(dataset)}' is not a dataset name: {datasetProblem}.");
        if (request.ETag is { } wanted && !ScanIds.IsETag(wanted))
            return ApiProblems.BadRequest($"'{UntrustedText.Quote(wanted)}' is not an ETag.");
        if (request.Parameters?.Validate() is { Count: > 0 } problems)
            return ApiProblems.BadRequest("Invalid scan parameters: " + string.Join(" ", problems));
        if (request.Parameters is { } asked && PipelineDetectors.Problem(asked) is { } unsupported)
            return ApiProblems.BadRequest("Invalid scan parameters: " + unsupported);

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
        if (request.ETag is { } version && ScanIds.NormalizeETag(version) != etag)
            return ApiProblems.Conflict($"Blob {storage.Models.Name}/{name} is at version {etag}, not {ScanIds.NormalizeETag(version)}; only the current version can be scanned.");

        var started = await starter.StartAsync(new BlobRef(storage.Models.Name, name, etag), "api", request.Dataset, request.Parameters, cancellationToken);
        string statusUrl = new Uri(apiBase, $"scans/{started.InstanceId}").ToString();
        return TypedResults.Accepted(statusUrl, new ScanAccepted(started.InstanceId, started.Created, statusUrl, $"{statusUrl}/verdict")
        {
            // A scan that already existed keeps the parameters it started with.
            AdvisoryReason = started.Created ? ScanPolicy.Resolve(storage.Settings.Scan, request.Parameters, null, "").AdvisoryReason : null,
        });
    }

    /// <summary>GET /api/scans/{id}: the engine's state of the scan.</summary>
    public async Task<Results<Ok<ScanStatus>, ProblemHttpResult>> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {UntrustedText.Quote(id)}.");
        return TypedResults.Ok(new ScanStatus
        {
            Id = instance.Id,
            RuntimeStatus = instance.RuntimeStatus,
            Stage = instance.Progress?.Stage,
            Run = instance.Progress?.Run ?? 1,
            Model = instance.Progress?.Model ?? instance.Request?.Model,
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
            Classes = instance.Progress?.Classes() ?? [],
            Summary = instance.Summary,
            LastFailure = instance.Progress?.LastFailure,
            Failure = instance.Failure,
        });
    }

    /// <summary>GET /api/scans/{id}/verdict: the verdict blob the completed scan names, as stored.</summary>
    public async Task<Results<ContentHttpResult, ProblemHttpResult>> GetVerdictAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {UntrustedText.Quote(id)}.");
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

    /// <summary>GET /api/scans/{id}/report: the scan's report.html, stored beside the verdict (with its pictures when the scan got that far).</summary>
    public async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReportAsync(string id, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {UntrustedText.Quote(id)}.");
        if (instance.Summary is not { } summary)
            return ApiProblems.NotFound($"Scan {id} has no verdict yet ({instance.RuntimeStatus}).", instance.RuntimeStatus);
        string? html = await ScanStorage.ReadTextAsync(storage.Verdicts, WorkPaths.Report(summary.ModelName, summary.ScanId), cancellationToken);
        return html is null
            ? ApiProblems.NotFound($"Scan {id} ended {summary.Verdict} without a report page; its verdict is at {summary.VerdictBlob}.")
            : TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// GET /api/scans/{id}/suspects: the trace's suspects.json (suspects.csv when the request accepts text/csv) once the scan is
    /// done. 404 while the scan runs (the trace runs before it completes) or when no trace ran (<c>Aegis__TraceSuspects</c> off);
    /// 409 when the verdict is not backdoored, since there is nothing to trace. A failed trace is a 200 whose error field says why.
    /// </summary>
    public async Task<Results<ContentHttpResult, ProblemHttpResult>> GetSuspectsAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsScanId(id) || await instances.GetAsync(id, cancellationToken) is not { } instance)
            return ApiProblems.NotFound($"No scan {UntrustedText.Quote(id)}.");
        if (instance.Summary is not { } summary)
            return ApiProblems.NotFound($"Scan {id} has no verdict yet ({instance.RuntimeStatus}); a backdoored verdict's suspects come with it.", instance.RuntimeStatus);
        if (summary.Verdict != VerdictKinds.Backdoored)
            return ApiProblems.Conflict($"Scan {id} ended {summary.Verdict}: only a backdoored verdict has suspects to trace.");
        bool csv = request.Headers.Accept.Any(accept => accept?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        string path = csv ? WorkPaths.SuspectsCsv(summary.ModelName, summary.ScanId) : WorkPaths.Suspects(summary.ModelName, summary.ScanId);
        string? text = await ScanStorage.ReadTextAsync(storage.Verdicts, path, cancellationToken);
        return text is null
            ? ApiProblems.NotFound($"Scan {id} ended backdoored without {(csv ? "suspects.csv" : "suspects.json")}: no trace ran (Aegis__TraceSuspects is false){(csv ? ", or the trace failed (see suspects.json)" : "")}.")
            : TypedResults.Content(text, csv ? "text/csv; charset=utf-8" : "application/json");
    }

    /// <summary>
    /// POST /api/uploads (<c>{"name": "model.pt"}</c>): a short-lived URL that can create or write exactly
    /// <c>models/&lt;name&gt;</c>, so a model of any size goes straight to storage and never through this API;
    /// the worker checks the blob against <c>Aegis__Limits__MaxModelBytes</c> before it downloads it, and its
    /// new version is scanned like any other (blob trigger, poll, or <c>POST /api/scans</c>).
    /// </summary>
    public async Task<Results<Ok<UploadAccess>, ProblemHttpResult>> CreateUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        UploadRequest? upload;
        try
        {
            await using var capped = RequestBodies.Open(request.Body, request.ContentLength, RequestCap);
            upload = await JsonSerializer.DeserializeAsync<UploadRequest>(capped, PipelineJson.Options, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ApiProblems.TooLarge(e.Message);
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest($"The body is not an upload request: {e.Message}");
        }
        if (upload?.Name is not { } name)
            return ApiProblems.BadRequest("The body must name the model blob to upload: { \"name\": \"model.pt\" }.");
        if (ModelNameProblem(name) is { } problem)
            return problem;
        var (url, expiresOn) = await uploads.IssueAsync(name, cancellationToken);
        return TypedResults.Ok(new UploadAccess(storage.Models.Name, name, url, expiresOn));
    }

    /// <summary>
    /// PUT /api/models/{name}, for small models: stores the body as the model blob; a dataset name
    /// (<c>?dataset=</c>) becomes blob metadata. The request's Content-Length is checked against the PUT cap
    /// (<c>Aegis__Limits__MaxModelPutBytes</c>, below the Functions request limit) before the body is read;
    /// larger models go through <see cref="CreateUploadAsync"/>.
    /// </summary>
    public Task<Results<Ok<UploadedModel>, ProblemHttpResult>> UploadModelAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return UploadModelAsync(name, request.Query["dataset"].FirstOrDefault(), request.Body, request.ContentLength, cancellationToken);
    }

    private async Task<Results<Ok<UploadedModel>, ProblemHttpResult>> UploadModelAsync(
        string name, string? dataset, Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        if (ModelNameProblem(name) is { } problem)
            return problem;
        if (!string.IsNullOrEmpty(dataset) && BlobNameValidator.Problem(dataset) is { } datasetProblem)
            return ApiProblems.BadRequest($"'{UntrustedText.Quote(dataset)}' is not a dataset name: {datasetProblem}.");
        var options = new BlobUploadOptions();
        if (!string.IsNullOrEmpty(dataset))
            options.Metadata = new Dictionary<string, string> { [ScanManifest.DatasetMetadataKey] = dataset };
        try
        {
            // A body over the cap fails the upload before its blocks are committed: nothing is stored.
            await using var capped = RequestBodies.Open(body, declaredLength, ModelPutCap);
            var uploaded = await storage.Models.GetBlobClient(name).UploadAsync(capped, options, cancellationToken);
            return TypedResults.Ok(new UploadedModel(storage.Models.Name, name, ScanIds.NormalizeETag(uploaded.Value.ETag.ToString())));
        }
        catch (Exception e) when (BodyTooLargeException.IsCause(e))
        {
            return ApiProblems.TooLarge($"The model is larger than the {ModelPutCap} bytes this route accepts (Aegis__Limits__MaxModelPutBytes); upload it through POST /api/uploads.");
        }
    }

    /// <summary>
    /// POST /api/events, the Event Grid webhook, its body read under the request cap: BlobCreated in
    /// the models container starts (or finds) that version's scan.
    /// </summary>
    public async Task<Results<Ok<EventsAccepted>, Ok<SubscriptionValidated>, ProblemHttpResult>> ReceiveEventsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BinaryData body;
        try
        {
            body = await RequestBodies.ReadAsync(request.Body, request.ContentLength, RequestCap, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ApiProblems.TooLarge(e.Message);
        }
        return await ReceiveAsync(body, cancellationToken);
    }

    private async Task<Results<Ok<EventsAccepted>, Ok<SubscriptionValidated>, ProblemHttpResult>> ReceiveAsync(BinaryData body, CancellationToken cancellationToken)
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
        string? expectedTopic = storage.Settings.EventGrid.ExpectedTopic;
        if (delivery.ValidationCode is { } code)
        {
            if (expectedTopic is null || !SameTopic(delivery.ValidationTopic, expectedTopic))
                return ApiProblems.Forbidden(expectedTopic is null
                    ? "Subscription validation refused: no topic is expected here (set Aegis__EventGrid__ExpectedTopic to the storage account's topic)."
                    : $"Subscription validation refused: topic '{UntrustedText.Quote(delivery.ValidationTopic)}' is not the expected one.");
            return TypedResults.Ok(new SubscriptionValidated(code));
        }

        var scans = new List<EventScan>();
        var skipped = new List<EventSkipped>();
        foreach (var blob in delivery.Created)
        {
            string model = UntrustedText.Quote(blob.Name);
            if (expectedTopic is not null && !SameTopic(blob.Topic, expectedTopic))
                skipped.Add(new EventSkipped(model, "the event comes from another topic"));
            else if (blob.Container != storage.Models.Name)
                skipped.Add(new EventSkipped(model, $"the blob is not in the {storage.Models.Name} container"));
            else if (ScanManifest.IsManifest(blob.Name))
                skipped.Add(new EventSkipped(model, "the blob is a sidecar, not a model"));
            else if (BlobNameValidator.Problem(blob.Name) is { } problem)
                skipped.Add(new EventSkipped(model, problem));
            else if (blob.ETag is { } claimed && !ScanIds.IsETag(claimed))
                skipped.Add(new EventSkipped(model, "the event's eTag is not an ETag"));
            else if (await CurrentETagAsync(blob.Name, cancellationToken) is not { } etag)
                skipped.Add(new EventSkipped(model, "the blob does not exist"));
            else if (blob.ETag is { } version && ScanIds.NormalizeETag(version) != etag)
                skipped.Add(new EventSkipped(model, "the event's eTag is not the blob's current version (a replaced version is not scanned)"));
            else
            {
                var started = await starter.StartAsync(new BlobRef(storage.Models.Name, blob.Name, etag), "event-grid", cancellationToken: cancellationToken);
                scans.Add(new EventScan(blob.Name, started.InstanceId, started.Created));
            }
        }
        return TypedResults.Ok(new EventsAccepted(scans) { Skipped = skipped });
    }

    private async Task<string?> CurrentETagAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Models.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return ScanIds.NormalizeETag(properties.Value.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static ProblemHttpResult? ModelNameProblem(string name)
    {
        if (BlobNameValidator.Problem(name) is { } problem)
            return ApiProblems.BadRequest($"'{UntrustedText.Quote(name)}' is not a model blob name: {problem}.");
        if (ScanManifest.IsManifest(name))
            return ApiProblems.BadRequest($"'{UntrustedText.Quote(name)}' names a sidecar, not a model.");
        return null;
    }

    private static bool SameTopic(string? topic, string expected) => string.Equals(topic?.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase);

    private static Uri ApiBase(HttpRequest request) => new($"{request.Scheme}://{request.Host}/api/");
}
