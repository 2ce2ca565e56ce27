using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;
using Aegis.Reporting.Tests.Page;

namespace Aegis.EndToEnd.Tests;

/// <summary>
/// `aegis scan` on input-gated backdoors spliced from the fixtures (issue 17): exit 1, the reason
/// input-gated in verdict.json, and a report page that says so.
/// </summary>
public sealed class InputGatedScanTests
{
    [Theory]
    [InlineData("robust_local", InputGateKind.Grid)]
    [InlineData("standard_local_small", InputGateKind.SingleImage)]
    public async Task AGatedBackdoorExitsOneAsInputGated(string backdoored, InputGateKind gate)
    {
        using var temp = new TempDirectory();
        var model = GatedArchives.Build(RepoPaths.Fixture(backdoored + ".pt"), RepoPaths.Fixture("robust_clean.pt"), gate,
            temp.File("gated.pt"));

        var (exit, verdict, output) = await FixtureScanTests.ScanPathAsync(Directory.CreateDirectory(temp.File("scan")).FullName, model);

        Assert.Equal(1, exit);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal(InputGateRule.Reason, verdict.Decision!.Reason);
        Assert.True(verdict.InputGate!.Gated);
        Assert.True(verdict.Score > 0 && verdict.Probability > 0.5, $"score {verdict.Score}, probability {verdict.Probability}");
        var page = Path.Combine(output, ReportPage.FileName);
        var visit = await HeadlessChromium.VisitAsync(page);
        Assert.Equal("BACKDOORED", visit.VerdictWord);
        Assert.Empty(visit.ConsoleErrors);
        Assert.Empty(visit.Requests);
        Assert.Contains("id=\"input-gate\"", File.ReadAllText(page));
    }
}
