using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TranslationStatisticsTests
{
    [Fact]
    public void ShiftIsTheCentroidDistanceInUnitsOfTheCleanSpread()
    {
        // Clean points at (±1, 0): centroid at the origin, RMS spread 1. Translated centroid at (3, 4): distance 5.
        var clean = new Matrix(2, 2, [1, 0, -1, 0]);
        var translated = new Matrix(2, 2, [3, 3, 3, 5]);

        Assert.Equal(5.0, TranslationShift.Compute(translated, clean), 10);
    }

    [Fact]
    public void ShiftIsScaleFree()
    {
        var clean = new Matrix(3, 2, [1, 0, -1, 0, 0, 1]);
        var translated = new Matrix(2, 2, [2, 1, 4, -1]);
        var scaled = (Matrix m) => new Matrix(m.Rows, m.Columns, m.Data.Select(v => v * 7f).ToArray());

        Assert.Equal(TranslationShift.Compute(translated, clean), TranslationShift.Compute(scaled(translated), scaled(clean)), 6);
    }

    [Fact]
    public void LandingCountsTranslationsNearestTheirOwnClassCentroid()
    {
        var centroids = new Matrix(3, 2, [0, 0, 10, 0, 0, 10]);
        // Four translated toward class 1: two near (10,0), one near the origin, one near (0,10).
        var translated = new Matrix(4, 2, [9, 1, 11, -1, 1, 1, 1, 9]);

        Assert.Equal(0.5, TranslationLanding.Compute(translated, centroids, label: 1), 10);
        Assert.Equal(0.25, TranslationLanding.Compute(translated, centroids, label: 0), 10);
    }

    [Fact]
    public void RobustZScoreIgnoresTheOutlierItMeasures()
    {
        double[] values = [1, 2, 3, 4, 5, 100];

        var z = RobustZScore.Compute(values);

        // Median 3.5, MAD 1.5 → scale 2.2239; the outlier cannot inflate it.
        Assert.Equal((100 - 3.5) / (1.5 * RobustZScore.NormalConsistency), z[5], 6);
        Assert.Equal(-2.5 / (1.5 * RobustZScore.NormalConsistency), z[0], 6);
    }

    [Fact]
    public void RobustZScoreFallsBackWhenMostValuesCoincide()
    {
        var z = RobustZScore.Compute([1, 1, 1, 1, 1, 9]);

        Assert.True(z[5] > 3);
        Assert.Equal(0, z[0]);
    }
}
