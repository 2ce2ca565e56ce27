using Aegis.Core.Verdicts;

namespace Aegis.Cli.Tests;

/// <summary>`aegis scan` runs the static model check before loading: hostile models end as model-unsafe verdicts, nothing they ask for happens.</summary>
public sealed class ScanSafetyTests
{
    [Theory]
    [InlineData("_w = torch.save(x0, \"/tmp/aegis-scan-pwned\")", "aten::save")]
    [InlineData("_r = torch.from_file(\"/etc/passwd\", False, 64, dtype=0)", "aten::from_file")]
    public async Task AnUnsafeModelIsRefusedBeforeLoading(string line, string op)
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var model = EditedFixtures.InsertInFeatures(output, line);

        var result = await AegisProcess.RunAsync("scan", model, "--data", RepoPaths.FashionMnist, "--out", output, "--json");

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(result.StandardOutput);
        Assert.Equal(VerdictKinds.Error, verdict.Verdict);
        Assert.Equal(ErrorCodes.ModelUnsafe, verdict.Error!.Code);
        Assert.Contains($"code/__torch__.py:24: {op}", verdict.Error.Message);
        Assert.DoesNotContain("root:", result.StandardOutput + result.StandardError);
        Assert.False(File.Exists("/tmp/aegis-scan-pwned"));
        Assert.Equal(verdict.Error.Code, VerdictJson.Deserialize(File.ReadAllText(Path.Combine(output, "verdict.json"))).Error!.Code);
    }
}
