using Aegis.Core.Detection;

namespace Aegis.Reporting.Tests;

public class EmbeddingPlotTests
{
    [Fact]
    public void RendersAPngOfTheRequestedSizeWithBothClusterColours()
    {
        var (_, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28));

        using var plot = PngAssert.RoundTrip(EmbeddingPlot.Render(analysis, 5.1, suspicious: true));

        Assert.Equal((800, 600), (plot.Width, plot.Height));
        var palette = new ScottPlot.Palettes.Category10();
        foreach (int cluster in new[] { 0, 1 })
        {
            var color = palette.GetColor(cluster);
            int near = PngAssert.CountPixels(plot, p =>
                Math.Abs(p.Red - color.R) < 40 && Math.Abs(p.Green - color.G) < 40 && Math.Abs(p.Blue - color.B) < 40);
            Assert.True(near > 100, $"cluster {cluster} colour covers only {near} pixels");
        }
    }

    [Fact]
    public void TitleNamesClustersBandwidthShiftAndVerdict()
    {
        var (_, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28));

        Assert.Equal("class 7 — 2 clusters (bandwidth 4.2) — shift z=5.1 SUSPICIOUS", EmbeddingPlot.Title(analysis, 5.08, true));
        Assert.Equal("class 7 — 1 cluster (bandwidth 4.2) — shift 3.50 clean",
            EmbeddingPlot.Title(analysis with { ClusterCount = 1 }, null, false));
    }

    [Fact]
    public void RefusesAnEmbeddingThatDoesNotMatchTheRows()
    {
        var (_, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28));

        var error = Assert.Throws<ArgumentException>(() =>
            EmbeddingPlot.Render(analysis with { Embedding = new double[6] }, null, false));
        Assert.Contains("embedding", error.Message);

        var diverged = analysis.Embedding.ToArray();
        diverged[3] = double.NaN;
        var nan = Assert.Throws<ArgumentException>(() => EmbeddingPlot.Render(analysis with { Embedding = diverged }, null, false));
        Assert.Contains("non-finite", nan.Message);
    }
}
