using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;

namespace Aegis.Pipeline.Tests;

/// <summary>
/// A standard (not robust) model through the pipeline: the pre-check chooses Neural Cleanse, as
/// <c>aegis scan</c> does, and the host's own worker reverses every class's trigger (no worker processes).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class NeuralCleansePipelineTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AStandardModelGetsNeuralCleansesVerdictWithItsBackdoorInClass7()
    {
        using var scenario = new Scenario(fixture, "cleanse");
        await scenario.StartHostAsync();

        await scenario.UploadModelAsync("standard_local_small.pt", Path.Combine(RepoPaths.FixtureModels, "standard_local_small.pt"));
        var verdict = await scenario.WaitForVerdictAsync("standard_local_small", TimeSpan.FromMinutes(10));

        PipelineScanTests.AssertKind(VerdictKinds.Backdoored, verdict);
        Assert.Equal(Detectors.NeuralCleanse, verdict.Detector);
        Assert.False(verdict.Robustness!.Robust);
        Assert.Equal([7], verdict.SuspiciousClasses);
        var report = verdict.NeuralCleanse!;
        Assert.NotNull(report.Reference);
        Assert.Equal(10, report.Classes.Count);
        Assert.True(verdict.TimingsSeconds.NeuralCleanse > 0);
        // The all-to-all row travels from the worker's job blob into the verdict, checked on the way.
        Assert.False(report.AllToAll!.Matching.Detected);
        Assert.Equal(10, report.AllToAll.Destinations.Count);
        Assert.True(report.AllToAll.MaskL1 > 0);
        Assert.Single(await scenario.VerdictBlobsAsync("standard_local_small"));

        // Its pictures beside the verdict, and the report page with them embedded, as aegis scan draws them.
        Assert.True((await scenario.Verdicts.GetBlobClient($"standard_local_small/{report.Overview}").ExistsAsync()).Value, report.Overview);
        string trigger = report.Classes.Single(c => c.Label == 7).Artifacts["trigger"];
        Assert.True((await scenario.Verdicts.GetBlobClient($"standard_local_small/{trigger}").ExistsAsync()).Value, trigger);
        string page = (await scenario.Verdicts.GetBlobClient($"standard_local_small/{verdict.ScanId}/report.html").DownloadContentAsync()).Value.Content.ToString();
        Assert.True(page.Split("data:image/png;base64,").Length > 10, "the report page embeds the overview and every class's reversed trigger");
    }
}
