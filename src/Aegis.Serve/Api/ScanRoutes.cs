using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;

namespace Aegis.Serve.Api;

/// <summary>The routes of DESIGN.md's HTTP API, each a thin call into <see cref="ScanApi"/> (as the Functions app's HttpTriggers are).</summary>
public static class ScanRoutes
{
    public static RouteGroupBuilder MapScanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        api.MapPost(ApiRoutes.Scans, (HttpRequest http, ScanApi scans, CancellationToken ct) => scans.StartAsync(http, ct));
        api.MapGet(ApiRoutes.Scan, (string id, ScanApi scans, CancellationToken ct) => scans.GetStatusAsync(id, ct));
        api.MapGet(ApiRoutes.Verdict, (string id, ScanApi scans, CancellationToken ct) => scans.GetVerdictAsync(id, ct));
        api.MapGet(ApiRoutes.Report, (string id, ScanApi scans, CancellationToken ct) => scans.GetReportAsync(id, ct));
        api.MapGet(ApiRoutes.Suspects, (string id, HttpRequest http, ScanApi scans, CancellationToken ct) => scans.GetSuspectsAsync(id, http, ct));
        api.MapPut(ApiRoutes.Model, (string name, HttpRequest http, ScanApi scans, CancellationToken ct) => scans.UploadModelAsync(name, http, ct));
        api.MapPost(ApiRoutes.Uploads, (HttpRequest http, ScanApi scans, CancellationToken ct) => scans.CreateUploadAsync(http, ct));
        api.MapPost(ApiRoutes.Events, (HttpRequest http, ScanApi scans, CancellationToken ct) => scans.ReceiveEventsAsync(http, ct));
        api.MapMethods(ApiRoutes.Events, ["OPTIONS"], (HttpRequest http, AegisSettings settings) => WebhookHandshake.Answer(http, settings.EventGrid));
        return api;
    }
}
