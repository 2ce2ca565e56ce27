using Aegis.Core.Detection;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Evaluation;

namespace Aegis.Reporting.Tests.Evaluation;

public sealed class EvaluationPageTests
{
    private static readonly EvaluatedModel[] Models =
    [
        Model("clean <1>", 0.1, false, VerdictKinds.Clean),
        Model("clean-2", 0.7, false, VerdictKinds.Backdoored),
        Model("square", 0.9, true, VerdictKinds.Backdoored, target: 7),
        EvaluatedModel.Failed("broken.pt", ErrorCodes.ModelUnsafe, "refused", new ModelTruth { Backdoored = true }),
    ];

    [Fact]
    public void ThePageIsSelfContainedWithTheRocCurvesAndEveryModel()
    {
        using var folder = new TempDirectory();
        var report = new EvaluationReport
        {
            Tool = VerdictBuilder.ToolName,
            Directory = "/models/<set>",
            Data = "/data",
            Parameters = new ScanParameters(),
            Models = Models,
            Tracks = EvaluationReport.TracksOf(Models),
            Errors = 1,
        };

        string html = File.ReadAllText(EvaluationPage.Write(report, folder.Path));

        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.Contains("robust track", html);
        Assert.Contains("clean &lt;1&gt;", html);
        Assert.DoesNotContain("<set>", html);
        Assert.Contains("error: model-unsafe", html);
        // The backdoor (0.9) ranks above both clean models; one of the two clean ones was flagged.
        Assert.Contains("<td>1.000</td>", html);
        Assert.Contains("1/2 = 0.50<small>[0.01, 0.99]</small>", html);
    }

    [Fact]
    public void TheRocPlotIsAPng()
    {
        var png = RocPlot.RenderPng(new Dictionary<string, IReadOnlyList<ScoredTruth>> { ["robust"] = [new(0.9, true), new(0.1, false)] }, size: 300);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    private static EvaluatedModel Model(string name, double probability, bool backdoored, string verdict, int? target = null) => new()
    {
        Model = name,
        Track = Tracks.Robust,
        Score = probability - 0.5,
        Probability = probability,
        Verdict = verdict,
        SuspiciousClasses = target is int t ? [t] : [],
        Backdoored = backdoored,
        Target = target,
        Seconds = 10,
        VerdictFile = $"scans/{name}/verdict.json",
    };
}
