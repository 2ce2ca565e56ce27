using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;

namespace Aegis.Pipeline.Tests;

/// <summary>
/// An input-gated backdoor through the pipeline: PrepareScan's inspection runs the scan assembly's
/// input-gate probe, so the host writes the same backdoored, input-gated verdict as <c>aegis scan</c>,
/// without running a detector.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class InputGatePipelineTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AGridGatedBackdoorIsBackdooredInputGatedWithItsPage()
    {
        using var scenario = new Scenario(fixture, "gate");
        await scenario.StartHostAsync();
        using var scratch = new TempDirectory();
        var model = GatedArchives.Build(Path.Combine(RepoPaths.FixtureModels, "standard_local_small.pt"), Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"),
            InputGateKind.Grid, scratch.File("gated.pt"));

        await scenario.UploadModelAsync("gated.pt", model);
        var verdict = await scenario.WaitForVerdictAsync("gated", TimeSpan.FromMinutes(5));

        PipelineScanTests.AssertKind(VerdictKinds.Backdoored, verdict);
        Assert.Equal(InputGateRule.Reason, verdict.Decision!.Reason);
        Assert.Null(verdict.Detector);
        Assert.Empty(verdict.Classes);
        Assert.True(verdict.InputGate!.Gated);
        Assert.Contains(verdict.InputGate.Changes, c => c.Name == InputGateVariants.SubQuantumNoise && c.Flagged);
        Assert.True(verdict.TimingsSeconds.InputGate > 0);
        string page = (await scenario.Verdicts.GetBlobClient($"gated/{verdict.ScanId}/report.html").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("id=\"input-gate\"", page);
    }
}
