using Aegis.Scanning.Activities;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Aegis.Host.Api;

/// <summary>
/// POST /api/events, the Event Grid webhook: BlobCreated in the models container starts (or
/// finds) the scan of that blob version; the Event Grid validation handshake is answered, and
/// OPTIONS answers the CloudEvents webhook handshake.
/// </summary>
public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventWebhook(this RouteGroupBuilder api)
    {
        api.MapPost("/events", ReceiveAsync);
        api.MapMethods("/events", ["OPTIONS"], (HttpContext http) =>
        {
            string origin = http.Request.Headers["WebHook-Request-Origin"].FirstOrDefault() ?? "*";
            http.Response.Headers["WebHook-Allowed-Origin"] = origin;
            http.Response.Headers["WebHook-Allowed-Rate"] = "*";
            return Results.Ok();
        });
        return api;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest http, ScanStorage storage, ScanCoordinator coordinator, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Aegis.Host.Events");
        EventGridWebhook.Delivery delivery;
        try
        {
            delivery = EventGridWebhook.Parse(await BinaryData.FromStreamAsync(http.Body, ct));
        }
        catch (FormatException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        if (delivery.ValidationCode is { } code)
            return Results.Ok(new { validationResponse = code });

        var started = new List<object>();
        foreach (var blob in delivery.Created)
        {
            if (blob.Container != storage.Models.Name || ScanManifest.IsManifest(blob.Name))
                continue;
            string? etag = blob.ETag;
            if (string.IsNullOrEmpty(etag))
            {
                try { etag = (await storage.Models.GetBlobClient(blob.Name).GetPropertiesAsync(cancellationToken: ct)).Value.ETag.ToString(); }
                catch (RequestFailedException e) when (e.Status == 404) { continue; }
            }
            var result = await coordinator.StartAsync(new ScanInput
            {
                Model = new BlobRef(blob.Container, blob.Name, ScanIds.NormalizeETag(etag)),
                RequestedAt = DateTimeOffset.UtcNow,
                Trigger = "event-grid",
            }, ct);
            logger.LogInformation("BlobCreated {Blob}: scan {ScanId} ({New})", blob.Name, result.InstanceId, result.Created ? "new" : "already known");
            started.Add(new { model = blob.Name, id = result.InstanceId, created = result.Created });
        }
        return Results.Ok(new { scans = started });
    }
}
