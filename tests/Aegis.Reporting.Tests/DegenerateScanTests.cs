using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Reporting.Tests;

/// <summary>
/// What features that collapse onto one point give the pictures: every embedded point at the
/// origin, bandwidth 0, one cluster, and shifts or indices that are infinite or NaN.
/// </summary>
public class DegenerateScanTests
{
    [Fact]
    public void AnEmbeddingOfCoincidentPointsIsDrawn()
    {
        var (_, analysis) = SyntheticClass.Create(new ImageShape(1, 28, 28), triggered: 0);
        var collapsed = analysis with
        {
            Embedding = new double[analysis.Embedding.Length],
            ClusterLabels = new int[analysis.ClusterLabels.Length],
            ClusterCount = 1,
            Bandwidth = 0,
            Shift = double.PositiveInfinity,
        };

        using var plot = PngAssert.RoundTrip(EmbeddingPlot.Render(collapsed, double.NaN, suspicious: false));

        Assert.Equal((800, 600), (plot.Width, plot.Height));
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void AnOverviewWithNonFiniteIndicesIsDrawn(double index)
    {
        var classes = Enumerable.Range(0, 10).Select(label => new ClassReport
        {
            Label = label,
            Clusters = 1,
            Bandwidth = 0,
            TranslatedCount = 50,
            CleanCount = 50,
            Shift = double.PositiveInfinity,
            AnomalyIndex = label == 3 ? index : 0.5,
        }).ToArray();

        using var overview = PngAssert.RoundTrip(OverviewPlot.Render(classes, new ScanParameters()));

        Assert.Equal((1000, 800), (overview.Width, overview.Height));
    }
}
