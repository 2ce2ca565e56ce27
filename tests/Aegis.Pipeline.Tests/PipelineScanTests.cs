using System.Net;
using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.Scanner;

namespace Aegis.Pipeline.Tests;

/// <summary>Whole scans through Azurite, the host process and worker processes, all fed by the job queue.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineScanTests(PipelineFixture fixture)
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task ThreeWorkersShareTheClassesAndAWorkerKilledMidClassLosesNothing()
    {
        await using var sink = new AlertSink();
        using var scenario = new Scenario(fixture, "scan");
        scenario.Settings["Aegis__Promotion"] = "move";
        scenario.Settings["Aegis__EventGrid__Endpoint"] = sink.Url.ToString();
        scenario.Settings["Aegis__EventGrid__Key"] = "topic-key-42";
        // The host takes no jobs itself: the three workers do all of the model work.
        scenario.Settings["Aegis__LocalWorker"] = "false";
        var workers = new[] { await scenario.StartWorkerAsync("w1"), await scenario.StartWorkerAsync("w2"), await scenario.StartWorkerAsync("w3") };
        await scenario.StartHostAsync();

        await scenario.UploadModelAsync("robust_local.pt", Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"));
        await scenario.UploadModelAsync("robust_clean.pt", Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"));

        // SIGKILL a worker in the middle of a class: the job message comes back after its lease and another worker runs it.
        var doomed = await Task.WhenAny(workers.Select(async w => { await w.WaitForLineAsync(l => l.Contains("Running class-"), ScanTimeout); return w; })).Unwrap();
        string killedJob = doomed.Lines.Last(l => l.Contains("Running class-"));
        doomed.Kill();

        var backdoored = await scenario.WaitForVerdictAsync("robust_local", ScanTimeout);
        var clean = await scenario.WaitForVerdictAsync("robust_clean", ScanTimeout);

        AssertKind(VerdictKinds.Backdoored, backdoored);
        Assert.Equal([7], backdoored.SuspiciousClasses);
        Assert.Equal(10, backdoored.Classes.Count);
        AssertKind(VerdictKinds.Clean, clean);
        Assert.Equal(10, clean.Classes.Count);
        // The trigger rule decided, as in aegis scan: every class was probed, and class 7's lifted patch moves other classes' images.
        Assert.Equal(DecisionRules.Trigger, backdoored.Decision!.Rule);
        Assert.All(backdoored.Classes.Concat(clean.Classes), c => Assert.NotNull(c.Trigger));
        var target = backdoored.Classes.Single(c => c.Label == 7);
        Assert.True(target.TriggerSuspicious, $"class 7 trigger flip {target.Trigger!.Flip} against {target.Trigger.Threshold}");
        Assert.Empty(clean.Decision!.TriggerRuleClasses);
        // The pipeline's verdicts carry the score and probability as aegis scan's do: the decision blob kept the class scores.
        Assert.Equal(target.Score, backdoored.Score);
        Assert.True(backdoored.Score > 0 && clean.Score <= 0, $"scores {backdoored.Score}, {clean.Score}");
        Assert.True(backdoored.Probability > clean.Probability);
        // Each class records its worker; the classes of one model were spread over at least two of them.
        Assert.All(backdoored.Classes.Concat(clean.Classes), c => Assert.Contains(c.Worker, new[] { "w1", "w2", "w3" }));
        Assert.True(backdoored.Classes.Concat(clean.Classes).Select(c => c.Worker).Distinct().Count() >= 2);
        Assert.Equal("host-1", backdoored.Pipeline?.Host);
        // The killed worker's job was finished by another worker (the message came back, a second attempt ran it).
        string job = killedJob[killedJob.IndexOf("class-", StringComparison.Ordinal)..].Split(' ')[0];
        Assert.Contains(workers.Where(w => w != doomed).SelectMany(w => w.Lines), l => l.Contains($"Running {job} ") && l.Contains("attempt 2"));
        Assert.Single(await scenario.VerdictBlobsAsync("robust_local"));
        Assert.Single(await scenario.VerdictBlobsAsync("robust_clean"));
        await AssertAgreesWithLocalScanAsync(backdoored, Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"));

        // Promotion "move": the backdoored model sits in quarantine, the clean one in approved.
        await WaitUntilAsync(async () => (await scenario.Quarantine.GetBlobClient("robust_local.pt").ExistsAsync()).Value);
        await WaitUntilAsync(async () => (await scenario.Approved.GetBlobClient("robust_clean.pt").ExistsAsync()).Value);
        Assert.False((await scenario.Models.GetBlobClient("robust_local.pt").ExistsAsync()).Value);

        // Alerts: CloudEvents with the topic key; a BackdoorDetected event for robust_local only.
        await WaitUntilAsync(() => Task.FromResult(sink.Deliveries.Count >= 2));
        var events = sink.Deliveries.SelectMany(d =>
        {
            Assert.Equal("topic-key-42", d.SasKey);
            return JsonDocument.Parse(d.Body).RootElement.EnumerateArray().Select(e => e.Clone());
        }).ToArray();
        var detected = Assert.Single(events, e => e.GetProperty("type").GetString() == AlertPublisher.BackdoorDetectedType);
        Assert.Equal("robust_local.pt", detected.GetProperty("data").GetProperty("modelName").GetString());
        Assert.Contains(7, detected.GetProperty("data").GetProperty("suspiciousClasses").EnumerateArray().Select(x => x.GetInt32()));
        Assert.EndsWith(".json", detected.GetProperty("data").GetProperty("verdictUrl").GetString());
        Assert.Equal(2, events.Count(e => e.GetProperty("type").GetString() == AlertPublisher.CompletedType));
        Assert.False(scenario.Host!.HasExited);
    }

    [Fact]
    public async Task ApiRefusesRequestsWithoutAValidKey()
    {
        using var scenario = new Scenario(fixture, "keys");
        await scenario.StartHostAsync();
        using var anonymous = scenario.Api(withKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/scans/0123456789abcdef01234567")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/scans/0123456789abcdef01234567?code=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/scans", JsonContent("{\"model\":\"x.pt\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/events", JsonContent("[]"))).StatusCode);
        // The key is checked before the body is read: no key is 401 whatever the body, never 400 or 415.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/scans", new StringContent("not json", System.Text.Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync("/api/models/x.pt", new ByteArrayContent(new byte[4096]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/events", new ByteArrayContent([0xff, 0xfe]))).StatusCode);
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Models, ""));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/scans/0123456789abcdef01234567?code={Scenario.ApiKey}")).StatusCode);
        using var keyed = scenario.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync("/api/scans/0123456789abcdef01234567")).StatusCode);
        var traversal = await keyed.PostAsync("/api/scans", JsonContent("{\"model\":\"../approved/x.pt\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        Assert.Equal("application/problem+json", traversal.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await keyed.PostAsync("/api/scans", new StringContent("not json"))).StatusCode);
    }

    /// <summary>
    /// The pipeline runs the command line's per-class body, so with the same parameters and seed a
    /// local scan (<c>aegis scan</c>'s engine, in this process) finds the same numbers class by class.
    /// </summary>
    private static async Task AssertAgreesWithLocalScanAsync(ScanVerdict pipeline, string model)
    {
        string output = Directory.CreateTempSubdirectory("aegis-agreement-").FullName;
        try
        {
            var local = await LocalScan.RunAsync(new LocalScanRequest
            {
                ModelPath = model, DataDirectory = RepoPaths.FashionMnist, OutputDirectory = output, Parameters = Scenario.TinyParameters, WriteReport = false,
            });
            Assert.Equal(pipeline.Verdict, local.Verdict);
            Assert.Equal(pipeline.SuspiciousClasses, local.SuspiciousClasses);
            foreach (var (remote, here) in pipeline.Classes.Zip(local.Classes))
            {
                Assert.Equal(here.Label, remote.Label);
                Assert.Equal(here.Clusters, remote.Clusters);
                Assert.Equal(here.Shift, remote.Shift, 6);
                Assert.Equal(here.Trigger?.Flip, remote.Trigger?.Flip);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    internal static void AssertKind(string expected, ScanVerdict verdict) =>
        Assert.True(verdict.Verdict == expected, $"Expected {expected}, got {verdict.Verdict}: {verdict.Error?.Code} {verdict.Error?.Message}; suspicious [{string.Join(",", verdict.SuspiciousClasses)}]");

    internal static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Condition not met in time.");
            await Task.Delay(250);
        }
    }
}
