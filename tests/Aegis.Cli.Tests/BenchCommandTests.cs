using System.Globalization;
using System.Text.RegularExpressions;

namespace Aegis.Cli.Tests;

public sealed partial class BenchCommandTests
{
    [Fact]
    public async Task BenchPrintsEveryStageAndTheTranslationBesideItsFloor()
    {
        var result = await AegisProcess.RunAsync("bench", RepoPaths.Fixture("robust_local.pt"), "--data", RepoPaths.FashionMnist,
            "--classes", "7", "--seeds", "40", "--steps", "3", "--clean", "40", "--skip-robustness-check");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        foreach (var stage in new[] { "translation (PGD)", "t-SNE", "mean shift + bandwidth", "trigger probe", "total" })
            Assert.Contains(stage, result.StandardOutput);
        // 1 class x 40 seeds x 3 steps, each costing a measured, positive bare pass.
        // Spectre wraps long lines at the console width; the sentence is read with its line breaks as spaces.
        var floor = FloorLine().Match(Regex.Replace(result.StandardOutput, @"\s+", " "));
        Assert.True(floor.Success, result.StandardOutput);
        Assert.Equal("120", floor.Groups["steps"].Value);
        Assert.True(double.Parse(floor.Groups["micro"].Value, CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(floor.Groups["ratio"].Value, CultureInfo.InvariantCulture) > 0);
    }

    [GeneratedRegex(@"Translation floor: (?<steps>[\d,]+) image-steps x (?<micro>[\d.]+) µs .* the translation took (?<ratio>[\d.]+)x that")]
    private static partial Regex FloorLine();
}
