using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Tests.Infrastructure;

namespace Aegis.Pipeline.Tests;

/// <summary>
/// The retraining pipeline's client against a real host: <c>aegis scan --remote</c> (the real command line,
/// its own process) uploads a model through the host's upload URL straight into storage, so a model larger
/// than what <c>PUT /api/models</c> takes (as a Functions request takes at most 100 MB) is scanned all the same.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RemoteScanTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AegisScanRemoteUploadsAModelLargerThanThePUTCapThroughTheUploadURLAndGetsItsVerdict()
    {
        string model = Path.Combine(RepoPaths.FixtureModels, "robust_local.pt");
        byte[] bytes = await File.ReadAllBytesAsync(model);
        using var scenario = new Scenario(fixture, "remote");
        long putCap = bytes.Length / 2;
        scenario.Settings["Aegis__Limits__MaxModelPutBytes"] = putCap.ToString(CultureInfo.InvariantCulture);
        await scenario.StartHostAsync(); // its own worker runs the jobs

        // The small-model route refuses this one.
        using (var api = scenario.Api())
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.PutAsync("/api/models/robust_local.pt", new ByteArrayContent(bytes))).StatusCode);
        Assert.False((await scenario.Models.GetBlobClient("robust_local.pt").ExistsAsync()).Value);

        var run = await RunAegisAsync(TimeSpan.FromMinutes(10),
            "scan", model, "--remote", scenario.HostUrl!.ToString(), "--key", Scenario.ApiKey, "--json",
            "--seeds", "50", "--steps", "20", "--step-size", "5", "--clean", "50", "--perplexity", "15", "--batch-size", "50",
            "--classes", "0", "7", "--skip-robustness-check");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Error}\nHost:\n{scenario.Host!.Tail()}");
        var verdict = VerdictJson.Deserialize(run.Output);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        // The whole model reached storage through the upload URL, and that is what was scanned.
        var stored = await scenario.Models.GetBlobClient("robust_local.pt").GetPropertiesAsync();
        Assert.Equal(bytes.Length, stored.Value.ContentLength);
        Assert.True(stored.Value.ContentLength > putCap);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), verdict.Model?.Sha256);
        Assert.Single(await scenario.VerdictBlobsAsync("robust_local"));
        // The upload URL is a credential until it expires: it is never printed.
        Assert.DoesNotContain("sig=", run.Output + run.Error);
    }

    /// <summary>
    /// The retrain hook: a backdoored verdict is followed by the trace job, whose suspects.json lands beside the verdict; the
    /// SuspectsTraced event follows BackdoorDetected; the suspects route serves it with a key only; <c>aegis scan --remote --trace</c>
    /// writes suspects.csv and suspects.json. A clean model queues no trace, and its suspects route answers 409.
    /// </summary>
    [Fact]
    public async Task AegisScanRemoteTraceGetsTheSuspectsOfABackdooredModelAndNoTraceRunsForACleanOne()
    {
        await using var sink = new AlertSink();
        using var scenario = new Scenario(fixture, "trace");
        scenario.Settings["Aegis__EventGrid__Endpoint"] = sink.Url.ToString();
        scenario.Settings["Aegis__EventGrid__Key"] = "topic-key-42";
        await scenario.StartHostAsync(); // its own worker runs the jobs, the trace among them
        using var output = new TempDirectory();
        string[] small = ["--seeds", "50", "--steps", "20", "--step-size", "5", "--clean", "50", "--perplexity", "15", "--batch-size", "50",
            "--classes", "0", "7", "--skip-robustness-check"];

        var backdooredRun = RunAegisAsync(TimeSpan.FromMinutes(15),
            ["scan", Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"), "--remote", scenario.HostUrl!.ToString(), "--key", Scenario.ApiKey, "--json",
                "--trace", "--out", Path.Combine(output.Path, "backdoored"), .. small]);
        var cleanRun = RunAegisAsync(TimeSpan.FromMinutes(15),
            ["scan", Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"), "--remote", scenario.HostUrl!.ToString(), "--key", Scenario.ApiKey, "--json",
                "--trace", "--out", Path.Combine(output.Path, "clean"), .. small]);
        var (backdoored, clean) = (await backdooredRun, await cleanRun);

        Assert.True(backdoored.ExitCode == 1, $"exit {backdoored.ExitCode}\n{backdoored.Error}\nHost:\n{scenario.Host!.Tail()}");
        var verdict = VerdictJson.Deserialize(backdoored.Output);
        Assert.Equal([7], verdict.SuspiciousClasses);
        string scanId = verdict.ScanId!;

        // suspects.json and suspects.csv beside the verdict, for class 7's training samples, for this model.
        string stored = (await scenario.Verdicts.GetBlobClient($"robust_local/{scanId}/suspects.json").DownloadContentAsync()).Value.Content.ToString();
        var report = SuspectsFiles.ReadJson(stored);
        Assert.Null(report.Error);
        Assert.Equal(verdict.Model!.Sha256, report.ModelSha256);
        Assert.Equal([7], report.Classes.Select(c => c.Label));
        Assert.Equal(6000, report.Suspects.Count); // every class-7 training sample of Fashion-MNIST
        Assert.All(report.Suspects, s => Assert.Equal(7, s.Label));
        Assert.True((await scenario.Verdicts.GetBlobClient($"robust_local/{scanId}/suspects.csv").ExistsAsync()).Value);

        // The command line wrote them too, as the host serves them.
        string csv = await File.ReadAllTextAsync(Path.Combine(output.Path, "backdoored", SuspectsFiles.CsvFile));
        Assert.StartsWith(SuspectsFiles.CsvHeader + "\n", csv, StringComparison.Ordinal);
        Assert.Equal(report.Suspects.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(report.Suspects[0].Index, SuspectsFiles.ReadJson(await File.ReadAllTextAsync(Path.Combine(output.Path, "backdoored", SuspectsFiles.JsonFile))).Suspects[0].Index);

        // The route: with a key, the blob as stored (csv when asked for); without one, 401.
        using (var api = scenario.Api())
        {
            Assert.Equal(stored, await api.GetStringAsync($"/api/scans/{scanId}/suspects"));
            using var asCsv = new HttpRequestMessage(HttpMethod.Get, $"/api/scans/{scanId}/suspects");
            asCsv.Headers.Accept.ParseAdd("text/csv");
            var served = await api.SendAsync(asCsv);
            Assert.Equal("text/csv", served.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith(SuspectsFiles.CsvHeader, await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var anonymous = scenario.Api(withKey: false))
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/scans/{scanId}/suspects")).StatusCode);

        // Events: SuspectsTraced after BackdoorDetected, pointing at the blob, with the counts.
        var events = sink.Deliveries.SelectMany(d => JsonDocument.Parse(d.Body).RootElement.EnumerateArray().Select(e => e.Clone())).ToList();
        int detected = events.FindIndex(e => e.GetProperty("type").GetString() == AlertPublisher.BackdoorDetectedType);
        int traced = events.FindIndex(e => e.GetProperty("type").GetString() == AlertPublisher.SuspectsTracedType);
        Assert.True(detected >= 0 && traced > detected, string.Join(", ", events.Select(e => e.GetProperty("type").GetString())));
        var data = events[traced].GetProperty("data");
        Assert.Equal(scanId, data.GetProperty("scanId").GetString());
        Assert.EndsWith($"robust_local/{scanId}/suspects.json", data.GetProperty("suspectsUrl").GetString());
        Assert.Equal(6000, data.GetProperty("samples").GetInt32());
        Assert.Single(events, e => e.GetProperty("type").GetString() == AlertPublisher.SuspectsTracedType);

        // The clean model: exit 0, no trace job, no suspects, and the route says why (409).
        Assert.True(clean.ExitCode == 0, $"exit {clean.ExitCode}\n{clean.Error}");
        string cleanId = VerdictJson.Deserialize(clean.Output).ScanId!;
        Assert.Equal(0, await scenario.CountBlobsAsync(scenario.Work, $"scans/{cleanId}/jobs/{JobKinds.Trace}/"));
        Assert.False(File.Exists(Path.Combine(output.Path, "clean", SuspectsFiles.CsvFile)));
        using (var api = scenario.Api())
            Assert.Equal(HttpStatusCode.Conflict, (await api.GetAsync($"/api/scans/{cleanId}/suspects")).StatusCode);
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs the aegis command line built beside the tests, as a user would.</summary>
    private static async Task<Run> RunAegisAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aegis {string.Join(' ', arguments.Take(2))} did not finish in {timeout}.\n{await error}");
        }
        return new Run(process.ExitCode, await output, await error);
    }
}
