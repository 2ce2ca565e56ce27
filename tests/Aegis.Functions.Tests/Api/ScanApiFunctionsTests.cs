using System.Text;
using System.Text.Json.Nodes;
using Aegis.Functions.Api;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Aegis.Functions.Tests.Api;

/// <summary>
/// The app's HTTP triggers called as the Functions worker calls them (a request, the route value, the
/// Durable client binding), over real blobs and the in-process Durable engine; the answers are
/// executed into a real response. Keys are the host's job: the metadata tests check every route needs one.
/// </summary>
public sealed class ScanApiFunctionsTests : IAsyncLifetime
{
    private const string Finished = "FinishedScan";
    private const string Pending = "PendingScan";
    private FunctionsTestApp _app = null!;

    public async Task InitializeAsync() => _app = await FunctionsTestApp.StartAsync(tasks =>
    {
        // Stand-ins for the scan orchestrator: one ends with a clean verdict, one never ends.
        tasks.AddOrchestratorFunc<ScanRequest, ScanSummary>(Finished, (context, request) => Summary(context.InstanceId, request.Model.Name));
        tasks.AddOrchestratorFunc<ScanRequest, bool>(Pending, (context, _) => context.WaitForExternalEvent<bool>("never"));
    });

    [Fact]
    public async Task The_report_route_answers_the_finished_scans_report_page_as_html()
    {
        var summary = await FinishAsync("team/model.pt", Finished);
        string page = "<!doctype html><title>Scan report</title><p>backdoored: class 3</p>";
        await _app.Storage.Verdicts.GetBlobClient(WorkPaths.Report(summary.ModelName, summary.ScanId)).UploadAsync(BinaryData.FromString(page));

        var (status, contentType, body) = await GetReportAsync(summary.ScanId);

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.StartsWith("text/html", contentType);
        Assert.Equal(page, body);
    }

    [Fact]
    public async Task The_report_route_is_404_for_an_unknown_scan_a_running_scan_and_a_scan_without_a_page()
    {
        var unknown = await GetReportAsync(ScanIds.For(new BlobRef("models", "never.pt", "0x1")));
        Assert.Equal(StatusCodes.Status404NotFound, unknown.Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await GetReportAsync("../../verdicts")).Status);

        var running = await FinishAsync("running.pt", Pending);
        var (status, contentType, body) = await GetReportAsync(running.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("Running", (string?)JsonNode.Parse(body)!["runtimeStatus"]);

        var clean = await FinishAsync("clean.pt", Finished);
        var noPage = await GetReportAsync(clean.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, noPage.Status);
        Assert.Contains(clean.VerdictBlob, (string?)JsonNode.Parse(noPage.Body)!["detail"]);
    }

    /// <summary>Runs <paramref name="orchestration"/> under the scan id of a model blob's version; waits for it to end unless it is the pending one.</summary>
    private async Task<ScanSummary> FinishAsync(string model, string orchestration)
    {
        var blob = new BlobRef("models", model, "0x8DC0FFEE");
        string scanId = ScanIds.For(blob);
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(orchestration, new ScanRequest { Model = blob }, new StartOrchestrationOptions(scanId));
        if (orchestration == Finished)
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _app.Client.WaitForInstanceCompletionAsync(scanId)).RuntimeStatus);
        else
            await _app.Client.WaitForInstanceStartAsync(scanId);
        return Summary(scanId, model);
    }

    private static ScanSummary Summary(string scanId, string model) => new()
    {
        ScanId = scanId,
        ModelName = model,
        Verdict = "clean",
        VerdictBlob = $"verdicts/{WorkPaths.Artifacts(model, scanId)}verdict.json",
        VerdictUrl = $"http://127.0.0.1/api/scans/{scanId}/verdict",
    };

    private async Task<(int Status, string? ContentType, string Body)> GetReportAsync(string id)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = "GET";
        context.Request.Path = $"/api/scans/{id}/report";
        context.Response.Body = new MemoryStream();
        var result = await _app.Create<ScanApiFunctions>().ReportAsync(context.Request, id, _app.Client, CancellationToken.None);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
