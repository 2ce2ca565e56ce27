using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Aegis.Functions.Api;

/// <summary>
/// The HTTP API of <c>aegis serve</c> (DESIGN.md "HTTP API"), one trigger per route, each a call
/// into the same ScanApi. Function-level keys: the Functions host answers 401 to a request without
/// a valid key before the worker, and so the body, is reached.
/// </summary>
public sealed class ScanApiFunctions(ScanClients scans, AegisSettings settings)
{
    [Function("StartScan")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Scans)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).StartAsync(request, cancellationToken);

    [Function("GetScan")]
    public async Task<IResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Scan)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).GetStatusAsync(id, cancellationToken);

    [Function("GetVerdict")]
    public async Task<IResult> VerdictAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Verdict)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).GetVerdictAsync(id, cancellationToken);

    [Function("GetReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Report)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).GetReportAsync(id, cancellationToken);

    [Function("GetSuspects")]
    public async Task<IResult> SuspectsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Suspects)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).GetSuspectsAsync(id, request, cancellationToken);

    [Function("UploadModel")]
    public async Task<IResult> UploadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Model)] HttpRequest request, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).UploadModelAsync(name, request, cancellationToken);

    [Function("CreateUpload")]
    public async Task<IResult> CreateUploadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Uploads)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).CreateUploadAsync(request, cancellationToken);

    [Function("ReceiveEvents")]
    public async Task<IResult> EventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Events)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await scans.Api(client).ReceiveEventsAsync(request, cancellationToken);

    /// <summary>The CloudEvents webhook handshake of an Event Grid subscription to /api/events.</summary>
    [Function("ValidateEventsWebhook")]
    public IResult Handshake([HttpTrigger(AuthorizationLevel.Function, "options", Route = ApiRoutes.Events)] HttpRequest request) =>
        WebhookHandshake.Answer(request, settings.EventGrid);
}
