using Aegis.Cli.Tests;
using Aegis.Core.Verdicts;

namespace Aegis.EndToEnd.Tests;

/// <summary>
/// The README's scan, with default options, on the three PyTorch fixtures: each really has (or
/// really lacks) a backdoor, and one is not robust.
/// </summary>
public sealed class FixtureScanTests
{
    [Fact]
    public async Task BackdooredRobustModelIsFlaggedInItsTargetClass()
    {
        var (exit, verdict, output) = await ScanAsync("robust_local.pt");

        Assert.Equal(1, exit);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        Assert.True(verdict.Robustness!.Robust);
        Assert.Equal(10, verdict.Classes.Count);
        var target = verdict.Classes.Single(c => c.Label == 7);
        Assert.True(target.AnomalyIndex > verdict.Classes.Where(c => c.Label != 7).Max(c => c.AnomalyIndex));
        Assert.True(target.Landing < 0.5, $"class 7 translations landing at home: {target.Landing}");
        Assert.True(File.Exists(Path.Combine(output, target.Artifacts["evidence"])));
        Assert.True(File.Exists(Path.Combine(output, "overview.png")));
    }

    [Fact]
    public async Task CleanRobustModelPasses()
    {
        var (exit, verdict, _) = await ScanAsync("robust_clean.pt");

        Assert.Equal(0, exit);
        Assert.Equal(VerdictKinds.Clean, verdict.Verdict);
        Assert.Empty(verdict.SuspiciousClasses);
        Assert.All(verdict.Classes, c => Assert.Equal(500, c.TranslatedCount));
    }

    [Fact]
    public async Task StandardModelIsNotApplicable()
    {
        var (exit, verdict, _) = await ScanAsync("standard_local_small.pt");

        Assert.Equal(3, exit);
        Assert.Equal(VerdictKinds.NotApplicable, verdict.Verdict);
        Assert.False(verdict.Robustness!.Robust);
        Assert.True(verdict.Robustness.AdversarialAccuracy < 0.5 * verdict.Robustness.CleanAccuracy);
        Assert.Empty(verdict.Classes);
    }

    private static async Task<(int Exit, ScanVerdict Verdict, string Output)> ScanAsync(string fixture)
    {
        var output = TestPaths.TempDirectory();
        var result = await AegisProcess.RunAsync("scan", TestPaths.Fixture(fixture), "--data", TestPaths.FashionMnist, "--out", output);
        var verdict = VerdictJson.Deserialize(File.ReadAllText(Path.Combine(output, "verdict.json")));
        Assert.Null(verdict.Error);
        Assert.Equal(64, verdict.Model!.Sha256.Length);
        return (result.ExitCode, verdict, output);
    }
}
