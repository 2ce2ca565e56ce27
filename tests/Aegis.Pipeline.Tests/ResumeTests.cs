using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.Pipeline.Trigger;
using Azure.Data.Tables;

namespace Aegis.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ResumeTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AHostKilledMidScanResumesOnTheEngineWithoutRecomputingFinishedClasses()
    {
        await using var sink = new AlertSink();
        using var scenario = new Scenario(fixture, "resume");
        scenario.Settings["Aegis__EventGrid__Endpoint"] = sink.Url.ToString();
        scenario.Settings["Aegis__EventGrid__Key"] = "topic-key-42";
        scenario.Settings["Aegis__LocalWorker"] = "false";
        var worker = await scenario.StartWorkerAsync("w1");
        var host = await scenario.StartHostAsync();
        using var api = scenario.Api();

        var model = await scenario.UploadModelAsync("robust_local.pt", Path.Combine(RepoPaths.FixtureModels, "robust_local.pt"));
        string scanId = ScanIds.For(model);

        // The engine's own record of the scan says which classes are finished; kill (SIGKILL) the host once two are.
        int[] finishedBeforeKill = [];
        await PipelineScanTests.WaitUntilAsync(async () =>
        {
            var status = await StatusAsync(api, scanId);
            finishedBeforeKill = status?.Classes.Where(c => c.State == ClassProgress.Scanned).Select(c => c.Label).ToArray() ?? [];
            return finishedBeforeKill.Length >= 2;
        }, seconds: 300);
        host.Kill();

        await scenario.StartHostAsync();
        var verdict = await scenario.WaitForVerdictAsync("robust_local", TimeSpan.FromMinutes(6));

        PipelineScanTests.AssertKind(VerdictKinds.Backdoored, verdict);
        Assert.Equal(10, verdict.Classes.Count);
        Assert.Single(await scenario.VerdictBlobsAsync("robust_local"));
        // The worker ran on while the host was down; a finished class ran once.
        foreach (int label in finishedBeforeKill)
            Assert.Equal(1, worker.Lines.Count(l => l.Contains($"Running class-{label}-run-0 of scan {scanId}")));

        ScanStatus? final = null;
        await PipelineScanTests.WaitUntilAsync(async () => (final = await StatusAsync(api, scanId))?.IsCompleted == true);
        Assert.Equal(1, final!.Run); // a killed host is not a failed run
        Assert.Equal(VerdictKinds.Backdoored, final.Summary?.Verdict);
        Assert.Equal([scanId], await scenario.InstanceIdsAsync());

        // One alert id per scan and type, however often the engine ran the alert activity.
        await PipelineScanTests.WaitUntilAsync(() => Task.FromResult(sink.Deliveries.Count >= 1));
        var events = sink.Deliveries.SelectMany(d => JsonDocument.Parse(d.Body).RootElement.EnumerateArray().Select(e => e.Clone())).ToArray();
        Assert.Single(events.Where(e => e.GetProperty("type").GetString() == AlertPublisher.BackdoorDetectedType).Select(e => e.GetProperty("id").GetString()).Distinct());
        Assert.Single(events.Where(e => e.GetProperty("type").GetString() == AlertPublisher.CompletedType).Select(e => e.GetProperty("id").GetString()).Distinct());

        // The Durable Task Framework's tables for this task hub are in the storage account.
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(fixture.ConnectionString).QueryAsync(t => t.Name.CompareTo(scenario.TaskHub) >= 0))
            tables.Add(table.Name);
        Assert.Contains($"{scenario.TaskHub}Instances", tables);
        Assert.Contains($"{scenario.TaskHub}History", tables);
    }

    private static async Task<ScanStatus?> StatusAsync(HttpClient api, string scanId)
    {
        var response = await api.GetAsync($"/api/scans/{scanId}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ScanStatus>(PipelineJson.Options) : null;
    }
}
