using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tests.Page;

public sealed class ReportPageTests
{
    [Fact]
    public void IsWrittenBesideTheVerdictSelfContained()
    {
        using var folder = new TempDirectory();
        var verdict = SampleScan.Write(folder.Path);

        string path = ReportPage.Write(verdict, folder.Path);
        string html = File.ReadAllText(path);

        Assert.Equal(Path.Combine(folder.Path, ReportPage.FileName), path);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("class-3/embedding.png\"", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("default-src 'none'", html);
    }

    [Fact]
    public void EscapesEverythingTakenFromTheVerdict()
    {
        using var folder = new TempDirectory();
        string html = ReportPage.Render(SampleScan.Write(folder.Path), new FolderArtifacts(folder.Path));

        Assert.Contains("sample &lt;model&gt;.pt", html);
        Assert.Contains("a test explanation with &lt;markup&gt; &amp; symbols", html);
        Assert.DoesNotContain("<markup>", html);
        Assert.DoesNotContain("<model>", html);
    }

    [Fact]
    public void ShowsEachNumberAgainstItsThreshold()
    {
        using var folder = new TempDirectory();
        string html = ReportPage.Render(SampleScan.Write(folder.Path), new FolderArtifacts(folder.Path));

        Assert.Contains("6.20<small>3.2 over</small>", html);
        Assert.Contains("2%<small>48 pts under</small>", html);
        Assert.Contains("−0.40<small>3.4 under</small>", html);
        Assert.Contains("56%<small>30 pts over 26%</small>", html);
        Assert.Contains("2%<small>24 pts under 26%</small>", html);
        Assert.Contains("<tr class=\"suspicious\">", html);
    }

    [Fact]
    public void ShowsTheProbabilityAndTheScoreAgainstTheLine()
    {
        using var folder = new TempDirectory();
        string html = ReportPage.Render(SampleScan.Write(folder.Path), new FolderArtifacts(folder.Path));

        Assert.Contains("Probability of a backdoor <strong>0.99</strong> · score +1.07 (0 is the verdict's line; calibration lab-robust)", html);
        Assert.DoesNotContain("<dt>probability</dt>", html);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("not-applicable")]
    public void RendersVerdictsWithoutClasses(string kind)
    {
        var verdict = kind == VerdictKinds.Error
            ? ScanVerdict.Failed(ErrorCodes.NumericalFailure, "t-SNE diverged <here>")
            : new ScanVerdict { Verdict = VerdictKinds.NotApplicable };

        string html = ReportPage.Render(verdict, new FolderArtifacts(Path.GetTempPath()));

        Assert.Contains($"<header class=\"verdict {kind}\">", html);
        if (kind == VerdictKinds.Error)
            Assert.Contains("numerical-failure", html);
        Assert.DoesNotContain("<h2 id=\"classes\">", html);
    }

    [Fact]
    public void DoesNotReadArtifactsOutsideTheFolder()
    {
        using var folder = new TempDirectory();
        var reader = new FolderArtifacts(folder.Path);
        File.WriteAllBytes(Path.Combine(folder.Path, "inside.png"), [1, 2, 3]);

        Assert.NotNull(reader.Read("inside.png"));
        Assert.Null(reader.Read("../outside.png"));
        Assert.Null(reader.Read("/etc/passwd"));
        Assert.Null(reader.Read("missing.png"));
    }

    [Fact]
    public void ReadsArtifactsListedUnderAPrefix()
    {
        using var folder = new TempDirectory();
        File.WriteAllBytes(Path.Combine(folder.Path, "inside.png"), [1, 2, 3]);
        var reader = new FolderArtifacts(folder.Path, prefix: "scan-1/");

        Assert.Equal([1, 2, 3], reader.Read("scan-1/inside.png"));
        Assert.Equal([1, 2, 3], reader.Read("inside.png"));
        Assert.Null(reader.Read("scan-1/../../outside.png"));
    }

    [Fact]
    public void ThePipelineGetsThePageAmongTheWholeScanFilesWithEveryPicture()
    {
        using var folder = new TempDirectory();
        var local = SampleScan.Write(folder.Path);
        // The pipeline lists artifacts as "<scanId>/…" relative to the verdict blob.
        var verdict = local with
        {
            ScanId = "scan-1",
            Classes = local.Classes.Select(c => c with { Artifacts = c.Artifacts.ToDictionary(a => a.Key, a => "scan-1/" + a.Value) }).ToArray(),
        };

        var files = new ReportArtifacts().WriteScan(folder.Path, verdict, default);

        Assert.Equal(["overview.png", ReportPage.FileName], files);
        string html = File.ReadAllText(Path.Combine(folder.Path, ReportPage.FileName));
        Assert.DoesNotContain("is not available", html);
        Assert.Equal(1 + verdict.Classes.Sum(c => c.Artifacts.Count), html.Split("<img ").Length - 1);
    }

    [Fact]
    public void AMissingArtifactIsNamedNotShownAsABrokenImage()
    {
        using var folder = new TempDirectory();
        var verdict = SampleScan.Write(folder.Path);
        File.Delete(Path.Combine(folder.Path, "class-3", "evidence.png"));

        string html = ReportPage.Render(verdict, new FolderArtifacts(folder.Path));

        Assert.Contains("class-3/evidence.png is not available.", html);
    }
}
