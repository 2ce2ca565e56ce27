using System.Text.Json.Nodes;

namespace Aegis.Cli.Tests;

/// <summary>`aegis evaluate` as a user runs it: the real executable on real fixtures, scanned in their sandboxes.</summary>
public sealed class EvaluateCommandTests
{
    private static readonly string[] Fixtures = ["robust_local.pt", "robust_clean.pt", "standard_local_small.pt"];

    // Quick AEGIS settings: the test checks the evaluation's arithmetic and files, not the detector's quality.
    private static readonly string[] Quick = ["--data", RepoPaths.FashionMnist, "--seeds", "40", "--steps", "3", "--clean", "40"];

    [Fact]
    public async Task EvaluatesTheFixturesAgainstTruthCsvAndResumesWithoutScanningAgain()
    {
        using TempDirectory folderDirectory = new(), outputDirectory = new();
        string folder = folderDirectory.Path, output = outputDirectory.Path;
        foreach (var fixture in Fixtures)
            File.Copy(RepoPaths.Fixture(fixture), Path.Combine(folder, fixture));
        File.WriteAllText(Path.Combine(folder, "truth.csv"), """
            model,backdoored,target,attack_success,trigger
            robust_local.pt,true,7,0.61,localized
            robust_clean.pt,false,,,
            standard_local_small.pt,true,7,0.95,localized
            """);

        var first = await AegisProcess.RunAsync(["evaluate", folder, "--out", output, .. Quick]);

        Assert.True(first.ExitCode == 0, first.StandardError + first.StandardOutput);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "evaluation.json")))!;
        var models = report["models"]!.AsArray().Select(m => m!).ToArray();
        Assert.Equal(["robust_clean.pt", "robust_local.pt", "standard_local_small.pt"], models.Select(m => (string)m["model"]!));
        Assert.Equal(["robust", "robust", "standard"], models.Select(m => (string)m["track"]!));
        Assert.All(models, m => Assert.InRange((double)m["probability"]!, 0, 1));
        Assert.Equal(7, (int)models[1]["target"]!);
        Assert.False((bool)models[0]["backdoored"]!);
        foreach (var track in new[] { "robust", "standard" })
        {
            var scored = models.Where(m => (string)m["track"]! == track).Select(m => ((double)m["probability"]!, (bool)m["backdoored"]!)).ToArray();
            var auc = report["tracks"]![track]!["rocAuc"];
            Assert.Equal(RecomputedAuc(scored), auc is null ? null : (double)auc);
        }
        Assert.NotNull(report["tracks"]!["robust"]!["rocAuc"]);
        Assert.Contains("<img src=\"data:image/png;base64,", File.ReadAllText(Path.Combine(output, "evaluation.html")));
        Assert.True(File.Exists(Path.Combine(output, "scans", "robust_local.pt", "verdict.json")));
        Assert.All(first.StandardOutput.Split('\n'), line => Assert.True(line.Length <= 80, line));

        var again = await AegisProcess.RunAsync(["evaluate", folder, "--out", output, .. Quick]);

        Assert.True(again.ExitCode == 0, again.StandardError + again.StandardOutput);
        Assert.Equal(3, again.StandardOutput.Split("(kept)").Length - 1);
        var resumed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "evaluation.json")))!;
        Assert.Equal(report["models"]!.ToJsonString(), resumed["models"]!.ToJsonString());
    }

    [Fact]
    public async Task AModelTruthCsvNamesButTheFolderLacksIsAnErrorEntry()
    {
        using TempDirectory folderDirectory = new(), outputDirectory = new();
        string folder = folderDirectory.Path, output = outputDirectory.Path;
        File.WriteAllText(Path.Combine(folder, "truth.csv"), "model,backdoored,target,attack_success\nghost.pt,true,3,0.9\n");

        var result = await AegisProcess.RunAsync("evaluate", folder, "--out", output, "--data", RepoPaths.FashionMnist);

        Assert.Equal(2, result.ExitCode);
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "evaluation.json")))!["models"]![0]!;
        Assert.Equal("ghost.pt", (string)model["model"]!);
        Assert.Equal("error", (string)model["verdict"]!);
        Assert.Equal("model-not-found", (string)model["error"]!["code"]!);
        Assert.Null(model["probability"]);
        Assert.True((bool)model["backdoored"]!);
    }

    [Theory]
    [InlineData("model,backdoored\nx.pt,true\n", "no 'target' column")]
    [InlineData(null, "holds no models")]
    public async Task UnreadableInputsEndWithExitCode2AndAMessage(string? truth, string message)
    {
        using var folderDirectory = new TempDirectory();
        string folder = folderDirectory.Path;
        if (truth is not null)
            File.WriteAllText(Path.Combine(folder, "truth.csv"), truth);

        using var outputDirectory = new TempDirectory();
        var result = await AegisProcess.RunAsync("evaluate", folder, "--out", outputDirectory.Path, "--data", RepoPaths.FashionMnist);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
    }

    [Fact]
    public async Task ABadOptionIsAUsageError()
    {
        using var empty = new TempDirectory();
        var result = await AegisProcess.RunAsync("evaluate", empty.Path, "--parallel", "0");

        Assert.Equal(4, result.ExitCode);
    }

    /// <summary>Mann–Whitney over every clean × backdoored pair, ties one half; null without both.</summary>
    private static double? RecomputedAuc(IReadOnlyList<(double Probability, bool Backdoored)> models)
    {
        var positives = models.Where(m => m.Backdoored).ToArray();
        var negatives = models.Where(m => !m.Backdoored).ToArray();
        if (positives.Length == 0 || negatives.Length == 0)
            return null;
        double wins = positives.Sum(p => negatives.Sum(n => p.Probability > n.Probability ? 1 : p.Probability == n.Probability ? 0.5 : 0));
        return wins / (positives.Length * negatives.Length);
    }
}
