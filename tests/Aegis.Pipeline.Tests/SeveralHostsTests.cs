using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Tests;

/// <summary>How a user outgrows one machine: more hosts and workers on one storage account and task hub, no new code.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SeveralHostsTests(PipelineFixture fixture)
{
    [Fact]
    public async Task TwoHostsAndTwoWorkersOnOneTaskHubScanSixModelsOnceEachAndBothHostsWriteVerdicts()
    {
        using var scenario = new Scenario(fixture, "hosts");
        scenario.Settings["Aegis__LocalWorker"] = "false";
        await scenario.StartWorkerAsync("w1");
        await scenario.StartWorkerAsync("w2");
        var first = await scenario.StartHostAsync("host-1");
        var second = await scenario.StartHostAsync("host-2", new Uri($"http://127.0.0.1:{RepoPaths.FreePort()}"));

        // Six models dropped at once, two classes each (a backdoored fixture in three copies, the clean one in three).
        var twoClasses = Scenario.TinyParameters with { Classes = [0, 7] };
        var models = new List<(string Stem, bool Backdoored, string ScanId)>();
        for (int i = 0; i < 6; i++)
        {
            bool backdoored = i % 2 == 0;
            string stem = $"model-{i}";
            var blob = await scenario.UploadModelAsync($"{stem}.pt", Path.Combine(RepoPaths.FixtureModels, backdoored ? "robust_local.pt" : "robust_clean.pt"), twoClasses);
            models.Add((stem, backdoored, ScanIds.For(blob)));
        }

        var hosts = new List<string>();
        foreach (var (stem, backdoored, scanId) in models)
        {
            var verdict = await scenario.WaitForVerdictAsync(stem, TimeSpan.FromMinutes(8));
            PipelineScanTests.AssertKind(backdoored ? VerdictKinds.Backdoored : VerdictKinds.Clean, verdict);
            if (backdoored)
                Assert.Equal([7], verdict.SuspiciousClasses);
            Assert.Equal(scanId, verdict.ScanId);
            hosts.Add(verdict.Pipeline!.Host);
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // both hosts keep polling: nothing is started twice
        foreach (var (stem, _, _) in models)
            Assert.Single(await scenario.VerdictBlobsAsync(stem));
        Assert.Equal(models.Select(m => m.ScanId).Order(), (await scenario.InstanceIdsAsync()).Order());
        Assert.Equal(["host-1", "host-2"], hosts.Distinct().Order());
        Assert.False(first.HasExited);
        Assert.False(second.HasExited);
    }
}
