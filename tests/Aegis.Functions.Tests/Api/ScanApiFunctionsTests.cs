using System.Text;
using System.Text.Json.Nodes;
using Aegis.Functions.Api;
using Aegis.Pipeline.Configuration;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
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
    private const string Backdoored = "BackdooredScan";
    private const string PublicHost = "aegis-app.azurewebsites.net";
    private FunctionsTestApp _app = null!;

    public async Task InitializeAsync() => _app = await FunctionsTestApp.StartAsync(tasks =>
    {
        // Stand-ins for the scan orchestrator: one ends with a clean verdict, one never ends.
        tasks.AddOrchestratorFunc<ScanRequest, ScanSummary>(Finished, (context, request) => Summary(context.InstanceId, request.Model.Name));
        tasks.AddOrchestratorFunc<ScanRequest, bool>(Pending, (context, _) => context.WaitForExternalEvent<bool>("never"));
        tasks.AddOrchestratorFunc<ScanRequest, ScanSummary>(Backdoored, (context, request) => Summary(context.InstanceId, request.Model.Name) with { Verdict = "backdoored" });
    });

    [Fact]
    public async Task TheReportRouteAnswersTheFinishedScansReportPageAsHtml()
    {
        var summary = await FinishAsync("team/model.pt", Finished);
        string page = "<!doctype html><title>Scan report</title><p>backdoored: class 3</p>";
        await _app.Storage.Verdicts.GetBlobClient(WorkPaths.Report(summary.ModelName, summary.ScanId)).UploadAsync(BinaryData.FromString(page));

        var answer = await GetReportAsync(summary.ScanId);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType);
        Assert.Equal(page, answer.Body);
    }

    [Fact]
    public async Task TheReportRouteIs404ForAnUnknownScanARunningScanAndAScanWithoutAPage()
    {
        var unknown = await GetReportAsync(ScanIds.For(new BlobRef("models", "never.pt", "0x1")));
        Assert.Equal(StatusCodes.Status404NotFound, unknown.Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await GetReportAsync("../../verdicts")).Status);

        var running = await FinishAsync("running.pt", Pending);
        var pending = await GetReportAsync(running.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, pending.Status);
        Assert.Equal("application/problem+json", pending.ContentType);
        Assert.Equal("Running", (string?)JsonNode.Parse(pending.Body)!["runtimeStatus"]);

        var clean = await FinishAsync("clean.pt", Finished);
        var noPage = await GetReportAsync(clean.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, noPage.Status);
        Assert.Contains(clean.VerdictBlob, (string?)JsonNode.Parse(noPage.Body)!["detail"]);
    }

    [Fact]
    public async Task TheSuspectsRouteServesABackdooredScansSuspectsAndExplainsEveryOtherCase()
    {
        var traced = await FinishAsync("team/traced.pt", Backdoored);
        string json = """{"schemaVersion":1,"model":"traced","modelSha256":"ab","verdict":"backdoored","data":"datasets/d","suspects":[]}""";
        string csv = "index,label,score\n";
        await _app.Storage.Verdicts.GetBlobClient(WorkPaths.Suspects(traced.ModelName, traced.ScanId)).UploadAsync(BinaryData.FromString(json));
        await _app.Storage.Verdicts.GetBlobClient(WorkPaths.SuspectsCsv(traced.ModelName, traced.ScanId)).UploadAsync(BinaryData.FromString(csv));

        var served = await GetSuspectsAsync(traced.ScanId);
        Assert.Equal(StatusCodes.Status200OK, served.Status);
        Assert.Equal("application/json", served.ContentType);
        Assert.Equal(json, served.Body);
        var asCsv = await GetSuspectsAsync(traced.ScanId, accept: "text/csv");
        Assert.StartsWith("text/csv", asCsv.ContentType);
        Assert.Equal(csv, asCsv.Body);

        // Backdoored without a trace (Aegis__TraceSuspects off): 404 saying so.
        var untraced = await FinishAsync("untraced.pt", Backdoored);
        var missing = await GetSuspectsAsync(untraced.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
        Assert.Contains("Aegis__TraceSuspects", (string?)JsonNode.Parse(missing.Body)!["detail"]);
        // Clean: nothing to trace, 409; still running: 404 with the engine's status; unknown: 404.
        var clean = await FinishAsync("clean-traced.pt", Finished);
        Assert.Equal(StatusCodes.Status409Conflict, (await GetSuspectsAsync(clean.ScanId)).Status);
        var running = await FinishAsync("running-traced.pt", Pending);
        var pending = await GetSuspectsAsync(running.ScanId);
        Assert.Equal(StatusCodes.Status404NotFound, pending.Status);
        Assert.Equal("Running", (string?)JsonNode.Parse(pending.Body)!["runtimeStatus"]);
        Assert.Equal(StatusCodes.Status404NotFound, (await GetSuspectsAsync("../../verdicts")).Status);
    }

    [Fact]
    public async Task StartScanAnswers202WithStatusUrlsUnderTheAppsRoutePrefixAndTheStatusRouteReadsTheEngine()
    {
        var uploaded = await _app.Storage.Models.GetBlobClient("team/model.pt").UploadAsync(BinaryData.FromString("model"));
        string scanId = ScanIds.For(new BlobRef("models", "team/model.pt", uploaded.Value.ETag.ToString()));

        var started = await CallAsync("POST", "/api/scans", """{"model": "team/model.pt"}""",
            (functions, request) => functions.StartAsync(request, _app.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, started.Status);
        string statusUrl = $"https://{PublicHost}/api/scans/{scanId}";
        Assert.Equal(statusUrl, started.Location);
        var accepted = JsonNode.Parse(started.Body)!;
        Assert.Equal(scanId, (string?)accepted["id"]);
        Assert.Equal(statusUrl + "/verdict", (string?)accepted["verdictUrl"]);

        var status = await CallAsync("GET", $"/api/scans/{scanId}", null,
            (functions, request) => functions.StatusAsync(request, scanId, _app.Client, CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, status.Status);
        var body = JsonNode.Parse(status.Body)!;
        Assert.Equal(scanId, (string?)body["id"]);
        Assert.Equal("team/model.pt", (string?)body["model"]!["name"]);

        var missing = await CallAsync("POST", "/api/scans", """{"model": "absent.pt"}""",
            (functions, request) => functions.StartAsync(request, _app.Client, CancellationToken.None));
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
    }

    [Fact]
    public async Task CreateUploadAnswersAShortLivedURLThatCanWriteExactlyTheNamedModelBlobAndNothingElse()
    {
        var answer = await CreateUploadAsync("""{"name": "team/big.pt"}""");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var access = JsonNode.Parse(answer.Body)!;
        Assert.Equal("models", (string?)access["container"]);
        Assert.Equal("team/big.pt", (string?)access["name"]);
        var url = new Uri((string)access["url"]!);
        var expiresOn = DateTimeOffset.Parse((string)access["expiresOn"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(AegisSettingsValidator.MaxUploadSasMinutes));
        // Create and write on this one blob: sr=b, sp=cw.
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("cw", query["sp"]);

        // The URL alone uploads the model (in blocks, as the clients do) and overwrites it with a new version.
        var blob = new BlobClient(url);
        var options = new BlobUploadOptions { TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = 64 * 1024, MaximumTransferSize = 64 * 1024 } };
        var first = await blob.UploadAsync(BinaryData.FromBytes(new byte[200 * 1024]), options);
        var second = await blob.UploadAsync(BinaryData.FromBytes(new byte[300 * 1024]), options);
        Assert.NotEqual(first.Value.ETag, second.Value.ETag);
        Assert.Equal(300 * 1024, (await _app.Storage.Models.GetBlobClient("team/big.pt").GetPropertiesAsync()).Value.ContentLength);

        // It cannot read that blob, nor touch another one, in models/ or elsewhere.
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync())).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => blob.DeleteAsync())).Status);
        foreach (string other in new[] { "models/team/other.pt", "verdicts/team/big.pt", "approved/team/big.pt" })
        {
            var forged = new BlobClient(new UriBuilder(url) { Path = url.AbsolutePath[..url.AbsolutePath.IndexOf("/models/", StringComparison.Ordinal)] + "/" + other }.Uri);
            Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => forged.UploadAsync(BinaryData.FromString("x")))).Status);
        }
        Assert.False((await _app.Storage.Verdicts.GetBlobClient("team/big.pt").ExistsAsync()).Value);
    }

    [Theory]
    [InlineData("""{"name": "../approved/x.pt"}""", 400)]
    [InlineData("""{"name": "/x.pt"}""", 400)]
    [InlineData("""{"name": "x.pt.aegis.json"}""", 400)]
    [InlineData("""{"name": "x\u0001.pt"}""", 400)]
    [InlineData("""{"model": "x.pt"}""", 400)]
    [InlineData("not json", 400)]
    public async Task CreateUploadRefusesNamesTheBlobNameRuleRefuses(string body, int status)
    {
        var answer = await CreateUploadAsync(body);
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.DoesNotContain("sig=", answer.Body);
    }

    private Task<Answer> CreateUploadAsync(string body) =>
        CallAsync("POST", "/api/uploads", body, (functions, request) => functions.CreateUploadAsync(request, _app.Client, CancellationToken.None));

    /// <summary>Runs <paramref name="orchestration"/> under the scan id of a model blob's version; waits for it to end unless it is the pending one.</summary>
    private async Task<ScanSummary> FinishAsync(string model, string orchestration)
    {
        var blob = new BlobRef("models", model, "0x8DC0FFEE");
        string scanId = ScanIds.For(blob);
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(orchestration, new ScanRequest { Model = blob }, new StartOrchestrationOptions(scanId));
        if (orchestration != Pending)
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

    private Task<Answer> GetReportAsync(string id) =>
        CallAsync("GET", $"/api/scans/{id}/report", null, (functions, request) => functions.ReportAsync(request, id, _app.Client, CancellationToken.None));

    private Task<Answer> GetSuspectsAsync(string id, string? accept = null) =>
        CallAsync("GET", $"/api/scans/{id}/suspects", null, (functions, request) =>
        {
            if (accept is not null)
                request.Headers.Accept = accept;
            return functions.SuspectsAsync(request, id, _app.Client, CancellationToken.None);
        });

    /// <summary>Calls one trigger method with a request as the Functions worker builds it and executes its answer into a real response.</summary>
    private async Task<Answer> CallAsync(string method, string path, string? body, Func<ScanApiFunctions, HttpRequest, Task<IResult>> trigger)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString(PublicHost);
        context.Request.Path = path;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        context.Response.Body = new MemoryStream();
        var result = await trigger(_app.Create<ScanApiFunctions>(), context.Request);
        await result.ExecuteAsync(context);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.FirstOrDefault(),
            Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private sealed record Answer(int Status, string? ContentType, string? Location, string Body);

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
