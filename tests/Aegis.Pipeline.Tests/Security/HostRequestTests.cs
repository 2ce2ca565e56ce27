using System.Net;
using System.Text;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;
using static Aegis.Pipeline.Tests.PipelineScanTests;

namespace Aegis.Pipeline.Tests.Security;

/// <summary>Hostile requests to a real <c>aegis serve</c> on loopback, over a real Azurite.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HostRequestTests(PipelineFixture fixture)
{
    private const long RequestCap = 4096;
    private const long ModelCap = 256 * 1024;

    private static async Task<Scenario> StartAsync(PipelineFixture fixture, string name)
    {
        var scenario = new Scenario(fixture, name);
        scenario.Settings["Aegis__Limits__MaxRequestBytes"] = RequestCap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        scenario.Settings["Aegis__Limits__MaxModelBytes"] = ModelCap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        scenario.Settings["Aegis__EventGrid__ExpectedTopic"] = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/ours";
        await scenario.StartHostAsync();
        return scenario;
    }

    [Fact]
    public async Task WithoutAKeyTheAnswerIs401BeforeTheBodyIsReadAndOversizedBodiesWithAKeyAre413()
    {
        using var scenario = await StartAsync(fixture, "bodies");
        var host = scenario.HostUrl!;

        // A gigabyte announced and never sent: the answer comes at once, so nothing waited for the body.
        Assert.StartsWith("HTTP/1.1 401", await RawHttp.SendHeadersOnlyAsync(host, "POST", "/api/scans", 1_000_000_000));
        Assert.StartsWith("HTTP/1.1 401", await RawHttp.SendHeadersOnlyAsync(host, "PUT", "/api/models/x.pt", 1_000_000_000, ("x-functions-key", "wrong-key-0123456789abcdef")));
        // With the key, the announced length alone is refused.
        Assert.StartsWith("HTTP/1.1 413", await RawHttp.SendHeadersOnlyAsync(host, "POST", "/api/scans", RequestCap + 1, ("x-functions-key", Scenario.ApiKey)));
        Assert.StartsWith("HTTP/1.1 413", await RawHttp.SendHeadersOnlyAsync(host, "POST", "/api/events", RequestCap + 1, ("x-functions-key", Scenario.ApiKey)));
        Assert.StartsWith("HTTP/1.1 413", await RawHttp.SendHeadersOnlyAsync(host, "PUT", "/api/models/x.pt", ModelCap + 1, ("x-functions-key", Scenario.ApiKey)));

        using var api = scenario.Api();
        // Chunked bodies have no length to check: they are cut off one byte past the cap.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"model\":\"{new string('a', (int)RequestCap)}\"}}")));
        chunked.Headers.ContentType = new("application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.SendAsync(Chunked(HttpMethod.Post, "/api/scans", chunked))).StatusCode);
        var model = Chunked(HttpMethod.Put, "/api/models/big.pt", new StreamContent(new MemoryStream(new byte[ModelCap + 1])));
        var refused = await api.SendAsync(model);
        Assert.True(refused.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{refused.StatusCode}\n{scenario.Host!.Tail()}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Nothing half-written: no blob for the refused upload.
        Assert.False((await scenario.Models.GetBlobClient("big.pt").ExistsAsync()).Value);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync("/api/models/small.pt", new ByteArrayContent(new byte[1024]))).StatusCode);
        Assert.False(scenario.Host!.HasExited);
    }

    private static HttpRequestMessage Chunked(HttpMethod method, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    [Fact]
    public async Task NamesThatClimbOrCarryControlCharactersAndForgedETagsAreRefusedAndChangeNothing()
    {
        using var scenario = await StartAsync(fixture, "names");
        using var api = scenario.Api();
        await scenario.Models.GetBlobClient("ok.pt").UploadAsync(BinaryData.FromBytes(new byte[16]));

        foreach (var body in new[]
                 {
                     "{\"model\":\"../approved/x.pt\"}",
                     "{\"model\":\"a/../../approved/x.pt\"}",
                     "{\"model\":\"/ok.pt\"}",
                     "{\"model\":\"ok\\\\..\\\\x.pt\"}",
                     "{\"model\":\"ok\\u0001.pt\"}",
                     "{\"model\":\"ok\\n.pt\"}",
                     "{\"model\":\"ok.pt\",\"dataset\":\"../approved\"}",
                     "{\"model\":\"ok.pt\",\"eTag\":\"x/../../../../scans/0123456789abcdef01234567/status\"}",
                 })
        {
            var answer = await api.PostAsync("/api/scans", JsonContent(body));
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{body}: {answer.StatusCode}");
            Assert.DoesNotContain('\u0001', await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync("/api/models/ok%01.pt", new ByteArrayContent([1]))).StatusCode);
        // A well-formed ETag that is not the blob's: only the current version is scanned.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("/api/scans", JsonContent("{\"model\":\"ok.pt\",\"eTag\":\"0x8D0000000000001\"}"))).StatusCode);
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Approved, ""));
        Assert.Equal(1, await scenario.CountBlobsAsync(scenario.Models, ""));

        // A sidecar naming a dataset outside datasets/ ends the scan in an error verdict, with its report page.
        await scenario.Models.GetBlobClient("evil.pt.aegis.json").UploadAsync(BinaryData.FromString("{\"dataset\":\"../approved\"}"));
        await scenario.Models.GetBlobClient("evil.pt").UploadAsync(Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"));
        var verdict = await scenario.WaitForVerdictAsync("evil", TimeSpan.FromMinutes(3));
        Assert.Equal(VerdictKinds.Error, verdict.Verdict);
        Assert.Equal(ErrorCodes.DatasetInvalid, verdict.Error?.Code);
        string scanId = Path.GetFileNameWithoutExtension(Assert.Single(await scenario.VerdictBlobsAsync("evil")));
        // The verdict blob is written before the orchestration completes (alert, promotion); the API answers once it has.
        HttpResponseMessage? report = null;
        await WaitUntilAsync(async () => (report = await api.GetAsync($"/api/scans/{scanId}/report")).StatusCode == HttpStatusCode.OK);
        Assert.Contains(ErrorCodes.DatasetInvalid, await report!.Content.ReadAsStringAsync());
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Approved, ""));
    }

    [Fact]
    public async Task ANoncharacterNameIsRefusedAndAListingThatFailsDoesNotStopThePoll()
    {
        using var scenario = await StartAsync(fixture, "nonchar");
        using var api = scenario.Api();

        // U+FFFE, U+FDD0 and U+10FFFF: no XML can carry them, so a blob so named would break every listing of its container.
        foreach (var name in new[] { "%EF%BF%BE.pt", "a%EF%B7%90.pt", "a%F4%8F%BF%BF.pt" })
            Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync($"/api/models/{name}", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/scans", JsonContent("{\"model\":\"\\uFFFE.pt\"}"))).StatusCode);
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Models, ""));

        // Stored behind the API's back, the name breaks the emulator's listings: the poll reports it and keeps polling.
        var unlistable = scenario.Models.GetBlobClient("\uFFFE.pt");
        await unlistable.UploadAsync(BinaryData.FromBytes([1]));
        await scenario.Host!.WaitForLineAsync(l => l.Contains("failed, so no new model is scanned", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await unlistable.DeleteAsync();
        await scenario.Models.GetBlobClient("after.pt").UploadAsync(BinaryData.FromBytes(new byte[64]));
        await scenario.Host.WaitForLineAsync(l => l.Contains("works again", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await WaitUntilAsync(async () => (await scenario.InstanceIdsAsync()).Count == 1);
        Assert.False(scenario.Host.HasExited);
        // Reported once while it lasted, not once per poll.
        Assert.Single(scenario.Host.Lines, l => l.Contains("failed, so no new model is scanned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EventGridHandshakesAreAnsweredOnlyForTheExpectedTopicAndOriginAndKeysNeverReachTheLogs()
    {
        using var scenario = await StartAsync(fixture, "events");
        using var api = scenario.Api();
        static string Validation(string topic) =>
            $"[{{\"id\":\"1\",\"topic\":\"{topic}\",\"subject\":\"\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\"," +
            "\"eventTime\":\"2026-11-26T03:00:00Z\",\"dataVersion\":\"1\",\"data\":{\"validationCode\":\"code-42\"}}]";

        var foreign = await api.PostAsync("/api/events", JsonContent(Validation("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/theirs")));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var ours = await api.PostAsync("/api/events", JsonContent(Validation("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/ours")));
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
        Assert.Contains("code-42", await ours.Content.ReadAsStringAsync());

        var wrongOrigin = new HttpRequestMessage(HttpMethod.Options, "/api/events") { Headers = { { "WebHook-Request-Origin", "evil.example" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(wrongOrigin)).StatusCode);
        var eventGrid = new HttpRequestMessage(HttpMethod.Options, "/api/events") { Headers = { { "WebHook-Request-Origin", "eventgrid.azure.net" } } };
        var allowed = await api.SendAsync(eventGrid);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("eventgrid.azure.net", allowed.Headers.GetValues("WebHook-Allowed-Origin").Single());

        // Keys in query strings (as Event Grid webhooks and curl users send them), right and wrong.
        const string wrongKey = "wrong-but-secret-0123456789";
        using var anonymous = scenario.Api(withKey: false);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/scans/0123456789abcdef01234567?code={Scenario.ApiKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/scans/0123456789abcdef01234567?code={wrongKey}")).StatusCode);
        await anonymous.GetAsync("/api/scans/%0AFAKE%20log%20line");
        await WaitUntilAsync(() => Task.FromResult(scenario.Host!.Lines.Any(l => l.Contains("401", StringComparison.Ordinal))));

        var lines = scenario.Host!.Lines;
        Assert.Contains(lines, l => l.Contains("/api/scans/0123456789abcdef01234567", StringComparison.Ordinal));
        foreach (var secret in new[] { Scenario.ApiKey, wrongKey })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("FAKE", StringComparison.Ordinal));
    }
}
