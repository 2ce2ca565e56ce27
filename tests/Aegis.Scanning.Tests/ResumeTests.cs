using Aegis.Core.Verdicts;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Tests.Infrastructure;
using Aegis.Scanning.Trigger;
using Azure.Storage.Blobs.Models;

namespace Aegis.Scanning.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ResumeTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_host_killed_mid_scan_resumes_from_checkpoints_without_recomputing_finished_classes()
    {
        using var scenario = new Scenario(fixture, "resume");
        var worker = await scenario.StartWorkerAsync();
        scenario.Settings["Aegis__Workers"] = worker.Name.Split(' ')[1];
        var host = await scenario.StartHostAsync();

        var model = await scenario.UploadModelAsync("robust_local.pt", Path.Combine(RepoPaths.Fixtures, "robust_local.pt"));
        string scanId = ScanIds.For(model);
        string translated = $"scans/{scanId}/checkpoints/TranslateClass-";

        await PipelineScanTests.WaitUntilAsync(async () => await scenario.CountBlobsAsync(scenario.Work, translated) >= 2, seconds: 300);
        host.Kill();
        var finishedBeforeKill = await CheckpointedLabelsAsync(scenario, translated);
        Assert.NotEmpty(finishedBeforeKill);

        await scenario.StartHostAsync();
        var verdict = await scenario.WaitForVerdictAsync("robust_local", TimeSpan.FromMinutes(6));

        PipelineScanTests.AssertKind(VerdictKinds.Backdoored, verdict);
        Assert.Equal(10, verdict.Classes.Count);
        Assert.Single(await scenario.VerdictBlobsAsync("robust_local"));
        foreach (int label in finishedBeforeKill)
            Assert.Equal(1, worker.Lines.Count(l => l.Contains($"Translating class {label} of scan {scanId}")));
        var status = await ScanStorage.ReadJsonAsync<Durable.OrchestrationStatus>(scenario.Work, WorkPaths.Status(scanId));
        Assert.Equal(2, status!.Attempts);
    }

    private static async Task<IReadOnlyList<int>> CheckpointedLabelsAsync(Scenario scenario, string prefix)
    {
        var labels = new List<int>();
        await foreach (var blob in scenario.Work.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
            labels.Add(int.Parse(blob.Name[(prefix.Length + 1)..^".json".Length]));
        return labels;
    }
}
