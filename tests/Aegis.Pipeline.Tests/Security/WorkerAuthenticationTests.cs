using System.Net;
using System.Net.Http.Json;
using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Tests.Security;

/// <summary>A real worker process on loopback: the worker key, then the host's grant for exactly one class.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WorkerAuthenticationTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_worker_needs_its_key_and_a_live_grant_for_exactly_the_class_it_is_asked_to_translate()
    {
        using var scenario = new Scenario(fixture, "grants");
        scenario.Settings["Aegis__Limits__MaxRequestBytes"] = "4096";
        var worker = await scenario.StartWorkerAsync();
        var url = new Uri(worker.Name.Split(' ')[1] + "/");
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var signer = new WorkerGrantSigner(Scenario.WorkerKey);
        var request = new TranslationRequest("0123456789abcdef01234567", 3, new BlobRef(scenario.Models.Name, "m.pt", "0x8DE0000000000001"),
            "fashion-mnist", Scenario.TinyParameters);

        HttpRequestMessage Start(TranslationRequest body, string? key = Scenario.WorkerKey, string? grant = null)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "api/translations") { Content = JsonContent.Create(body, options: PipelineJson.Options) };
            if (key is not null)
                message.Headers.Add(WorkerHttp.KeyHeader, key);
            if (grant is not null)
                message.Headers.Add(WorkerGrantSigner.Header, grant);
            return message;
        }
        string Grant(TranslationRequest body, DateTimeOffset expires, WorkerGrantSigner? by = null) => (by ?? signer).Sign(WorkerGrant.For(body, expires));
        var live = DateTimeOffset.UtcNow + WorkerGrant.Lifetime;

        // No key or a wrong one: 401 before the body, announced or sent.
        Assert.StartsWith("HTTP/1.1 401", await RawHttp.SendHeadersOnlyAsync(url, "POST", "/api/translations", 1_000_000_000));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Start(request, key: null, grant: Grant(request, live)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Start(request, key: "not-the-worker-key-0123456789", grant: Grant(request, live)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/health")).StatusCode);

        // The key alone is not enough to start a translation: a grant is needed, signed with the key, not expired.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Start(request))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Start(request, grant: Grant(request, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10))))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Start(request, grant: Grant(request, live, new WorkerGrantSigner("another-key-0123456789abcdef"))))).StatusCode);

        // A grant for class 3 does not let anyone write class 4's features, or another scan's.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Start(request with { Label = 4 }, grant: Grant(request, live)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Start(request with { ScanId = "fedcba9876543210fedcba98" }, grant: Grant(request, live)))).StatusCode);
        // A signed grant does not make a hostile body acceptable.
        var climbing = request with { Dataset = "../approved" };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Start(climbing, grant: Grant(climbing, live)))).StatusCode);
        Assert.StartsWith("HTTP/1.1 413", await RawHttp.SendHeadersOnlyAsync(url, "POST", "/api/translations", 4097,
            (WorkerHttp.KeyHeader, Scenario.WorkerKey), (WorkerGrantSigner.Header, Grant(request, live))));

        var chunked = Start(request, grant: Grant(request, live));
        chunked.Content = new StreamContent(new MemoryStream(new byte[8192]));
        chunked.Headers.TransferEncodingChunked = true;
        var tooLarge = await http.SendAsync(chunked);
        Assert.True(tooLarge.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{tooLarge.StatusCode}\n{worker.Tail()}");

        // The right grant starts the job (the model blob does not exist, so it is then rejected, not failed).
        var started = await http.SendAsync(Start(request, grant: Grant(request, live)));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.Content.ReadFromJsonAsync<TranslationJob>(PipelineJson.Options);
        var poll = new HttpRequestMessage(HttpMethod.Get, $"api/translations/{job!.Id}") { Headers = { { WorkerHttp.KeyHeader, Scenario.WorkerKey } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(poll)).StatusCode);
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Work, ""));

        // Inspection (for the Functions app) needs a grant for exactly that model version, dataset and parameters.
        var inspection = new InspectionJob(request.Model, request.Dataset, request.Parameters);
        HttpRequestMessage Inspect(InspectionJob body, string? grant)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, HttpModelInspector.Route) { Content = JsonContent.Create(body, options: PipelineJson.Options) };
            message.Headers.Add(WorkerHttp.KeyHeader, Scenario.WorkerKey);
            if (grant is not null)
                message.Headers.Add(WorkerGrantSigner.Header, grant);
            return message;
        }
        string InspectionGrantFor(InspectionJob body) => signer.Sign(InspectionGrant.For(body, live));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Inspect(inspection, grant: null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Inspect(inspection, grant: Grant(request, live)))).StatusCode);
        var other = inspection with { Model = inspection.Model with { Name = "other.pt" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Inspect(other, InspectionGrantFor(inspection)))).StatusCode);
        var missing = await http.SendAsync(Inspect(inspection, InspectionGrantFor(inspection)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);

        // A trigger check or Neural Cleanse needs a model-run grant for exactly that job: not a translation grant, not another class's or another patch's.
        var probe = new ProbeJob(request.ScanId, 3, request.Model, request.Dataset, request.Parameters,
            [new TriggerCandidate { Source = "all", Images = 10, Locations = [0, 1], Pattern = [1f, 1f] }]);
        var cleanse = new CleanseJob(request.ScanId, request.Model, request.Dataset, request.Parameters, [0, 1, 2]);
        HttpRequestMessage Run(string route, ModelRunJob body, string? grant)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create<object>(body, options: PipelineJson.Options) };
            message.Headers.Add(WorkerHttp.KeyHeader, Scenario.WorkerKey);
            if (grant is not null)
                message.Headers.Add(WorkerGrantSigner.Header, grant);
            return message;
        }
        string RunGrant(ModelRunJob body) => signer.Sign(ModelRunGrant.For(body, live));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe, grant: null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe, Grant(request, live)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe,
            new WorkerGrantSigner(Scenario.WorkerKey).Sign(ModelRunGrant.For(probe, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)))))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe with { Label = 4 }, RunGrant(probe)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe, RunGrant(cleanse)))).StatusCode);
        var otherPatch = probe with { Candidates = [probe.Candidates[0] with { Pattern = [0f, 1f] }] };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, otherPatch, RunGrant(probe)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Run(HttpModelRuns.CleanseRoute, cleanse, RunGrant(cleanse with { Classes = [7] })))).StatusCode);
        var climbingProbe = probe with { Dataset = "../approved" };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Run(HttpModelRuns.ProbeRoute, climbingProbe, RunGrant(climbingProbe)))).StatusCode);
        Assert.StartsWith("HTTP/1.1 413", await RawHttp.SendHeadersOnlyAsync(url, "POST", "/" + HttpModelRuns.ProbeRoute, 4097,
            (WorkerHttp.KeyHeader, Scenario.WorkerKey), (WorkerGrantSigner.Header, RunGrant(probe))));
        // With the right grant the job runs in the background: this worker answers 202 at once (Aegis__ModelRunReplySeconds 0) with
        // the run to poll, which only the key opens. The model blob does not exist, so the answer is an input error (422), final.
        async Task<HttpResponseMessage> Polled(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var accepted = await response.Content.ReadFromJsonAsync<ModelRunAccepted>(PipelineJson.Options);
            Assert.Equal($"/{ModelRunAccepted.Route}/{accepted!.Id}", response.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{ModelRunAccepted.Route}/{accepted.Id}")).StatusCode);
            while (true)
            {
                var poll = new HttpRequestMessage(HttpMethod.Get, $"{ModelRunAccepted.Route}/{accepted.Id}") { Headers = { { WorkerHttp.KeyHeader, Scenario.WorkerKey } } };
                var answer = await http.SendAsync(poll);
                if (answer.StatusCode != HttpStatusCode.Accepted)
                    return answer;
                await Task.Delay(200);
            }
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Polled(await http.SendAsync(Run(HttpModelRuns.ProbeRoute, probe, RunGrant(probe))))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Polled(await http.SendAsync(Run(HttpModelRuns.CleanseRoute, cleanse, RunGrant(cleanse))))).StatusCode);
        var unknown = new HttpRequestMessage(HttpMethod.Get, $"{ModelRunAccepted.Route}/{ModelRunAccepted.IdFor(cleanse with { Classes = [5] })}")
        {
            Headers = { { WorkerHttp.KeyHeader, Scenario.WorkerKey } },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(unknown)).StatusCode);

        Assert.DoesNotContain(worker.Lines, l => l.Contains(Scenario.WorkerKey, StringComparison.Ordinal));
        Assert.False(worker.HasExited);
    }
}
