using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Reporting.Tests;

public class ScanReportWriterTests
{
    private static Decision Flagging(int label) => new()
    {
        Rule = DecisionRules.Shift,
        SuspiciousClasses = [label],
        PaperRuleClasses = [],
        ShiftRuleClasses = [label],
        AnomalyIndex = new Dictionary<int, double> { [label] = 5.1 },
        Explanation = "test",
    };

    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(3, 32, 32)]
    public void WritesEveryClassArtifactUnderStableNames(int channels, int height, int width)
    {
        using var folder = new TempDirectory();
        var shape = new ImageShape(channels, height, width);
        var (features, analysis) = SyntheticClass.Create(shape, translated: 60, clean: 30, triggered: 40);
        var writer = new ScanReportWriter(folder.Path);

        var artifacts = writer.WriteClass(features, analysis, Flagging(7));

        Assert.Equal(new Dictionary<string, string>
        {
            ["embedding"] = "class-7/embedding.png",
            ["evidence"] = "class-7/evidence.png",
            ["cluster-0"] = "class-7/cluster-0.png",
            ["cluster-1"] = "class-7/cluster-1.png",
        }, artifacts);
        using (var embedding = PngAssert.DecodeFile(Path.Combine(folder.Path, artifacts["embedding"])))
            Assert.Equal((800, 600), (embedding.Width, embedding.Height));

        // Cluster 1 has 40 translated images: 32 shown, 4 rows of 8 at 3x.
        var grid = new ImageGridOptions();
        using (var trigger = PngAssert.DecodeFile(Path.Combine(folder.Path, artifacts["cluster-1"])))
        {
            var layout = ImageGrid.Layout(shape, 32, grid with { Caption = "x" });
            Assert.Equal(layout.Top + 1 + 4 * (height * 3 + 1), trigger.Height);
            Assert.Equal(1 + 8 * (width * 3 + 1), trigger.Width);
            var (left, top) = layout.CellOrigin(31);
            Assert.Equal(SkiaSharp.SKColors.White, trigger.GetPixel(left + width * 3 - 2, top + height * 3 - 2));
        }

        // Cluster 0 is mostly clean (20 translated, 30 clean): translated grid above a clean grid.
        using (var mixed = PngAssert.DecodeFile(Path.Combine(folder.Path, artifacts["cluster-0"])))
        {
            var translatedRows = ImageGrid.Layout(shape, 20, grid with { Caption = "x" });
            var cleanRows = ImageGrid.Layout(shape, 30, grid with { Caption = "x" });
            Assert.Equal(translatedRows.Top + translatedRows.Height + 10 + cleanRows.Top + cleanRows.Height, mixed.Height);
        }

        Assert.Equal(4, folder.Files().Count());
    }

    [Fact]
    public void OverwritesAtomicallyAndLeavesNoTemporaryFiles()
    {
        using var folder = new TempDirectory();
        var (features, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28));
        var writer = new ScanReportWriter(folder.Path);

        writer.WriteClass(features, analysis, Flagging(7));
        var artifacts = writer.WriteClass(features, analysis, Flagging(7));
        string overview = writer.WriteOverview(
            [new ClassReport { Label = 7, Clusters = 2, Bandwidth = 4.2, TranslatedCount = 40, CleanCount = 30 }], new ScanParameters());

        Assert.Equal("overview.png", overview);
        Assert.All(folder.Files(), f => Assert.EndsWith(".png", f));
        Assert.Equal(artifacts.Count + 1, folder.Files().Count());
        using var decoded = PngAssert.DecodeFile(Path.Combine(folder.Path, overview));
        Assert.Equal((1000, 800), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndCleansUp()
    {
        using var folder = new TempDirectory();
        string target = Path.Combine(folder.Path, "class-7", "evidence.png");
        AtomicFile.WriteAllBytes(target, [1, 2, 3]);
        // A directory where the rename must land is a fault no real write produces on its own.
        string blocked = Path.Combine(folder.Path, "blocked.png");
        Directory.CreateDirectory(blocked);

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllBytes(blocked, [4, 5, 6]));
        AtomicFile.WriteAllBytes(target, [7, 8]);

        Assert.Equal([7, 8], File.ReadAllBytes(target));
        Assert.Equal([target], folder.Files());
    }

    [Fact]
    public void RefusesFeaturesOfAnotherClass()
    {
        using var folder = new TempDirectory();
        var (features, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28));
        var writer = new ScanReportWriter(folder.Path);

        var error = Assert.Throws<ArgumentException>(() => writer.WriteClass(features with { Label = 3 }, analysis, Flagging(7)));
        Assert.Contains("class 3", error.Message);
        Assert.Empty(folder.Files());
    }
}
