using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerExtractorTests
{
    private static readonly ImageShape Shape = new(1, 10, 10);

    [Fact]
    public void PatchSitsWhereTranslationsGrewSomethingTheCleanImagesNeverHave()
    {
        // Clean images: a vertical bar. Translated: the same bar plus a 2x2 white square at the bottom right.
        var features = Features(translated: 20, clean: 20, translatedImage: i => Bar(square: true, noise: i));
        var analysis = Analysis(features, clusters: new int[20], clusterCount: 1);

        var candidates = TriggerExtractor.Extract(features, analysis, new TriggerProbeParameters { MaskFraction = 0.04 });

        var patch = Assert.Single(candidates);
        Assert.Equal("all", patch.Source);
        Assert.Equal(20, patch.Images);
        Assert.Equal([88, 89, 98, 99], patch.Locations);
        Assert.All(patch.Pattern, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void AClusterGetsItsOwnPatchSoATriggerGrownByAFewIsNotAveragedAway()
    {
        // Only cluster 1 (6 of 20 images) grew the square: its median holds it, the median of all does not.
        var clusters = Enumerable.Range(0, 20).Select(i => i < 6 ? 1 : 0).ToArray();
        var features = Features(translated: 20, clean: 20, translatedImage: i => Bar(square: i < 6, noise: i));
        var analysis = Analysis(features, clusters, clusterCount: 2);

        var candidates = TriggerExtractor.Extract(features, analysis, new TriggerProbeParameters { MaskFraction = 0.04, MinGroupFraction = 0.25 });

        Assert.Equal(["all", "cluster-0", "cluster-1"], candidates.Select(c => c.Source));
        var grown = candidates.Single(c => c.Source == "cluster-1");
        Assert.Equal([88, 89, 98, 99], grown.Locations);
        Assert.All(grown.Pattern, v => Assert.Equal(1f, v));
        Assert.All(candidates.Single(c => c.Source == "all").Pattern, v => Assert.True(v < 0.5f));
    }

    [Fact]
    public void EachSeedOriginWithEnoughSeedsGetsItsOwnPatchSoAnAllToAllTriggerIsNotAveragedAway()
    {
        // One cluster; the 6 seeds of origin 2 grew the square (all-to-all: 2 → 3), the 14 of origin 0 did not,
        // and origin 5's single seed is below the minimum share.
        var origins = Enumerable.Range(0, 20).Select(i => i < 6 ? 2 : i == 19 ? 5 : 0).ToArray();
        var features = Features(translated: 20, clean: 20, translatedImage: i => Bar(square: i < 6, noise: i)) with { SeedLabels = origins };

        var candidates = TriggerExtractor.Extract(features, Analysis(features, new int[20], clusterCount: 1), new TriggerProbeParameters { MaskFraction = 0.04, MinGroupFraction = 0.25 });

        Assert.Equal(["all", "origin-0", "origin-2"], candidates.Select(c => c.Source));
        var grown = candidates.Single(c => c.Source == "origin-2");
        Assert.Equal([88, 89, 98, 99], grown.Locations);
        Assert.All(grown.Pattern, v => Assert.Equal(1f, v));
        Assert.True(TriggerExtractor.IsOriginPatch(grown));
    }

    [Fact]
    public void ClustersBelowTheMinimumShareGetNoPatch()
    {
        var clusters = Enumerable.Range(0, 20).Select(i => i == 0 ? 1 : 0).ToArray();
        var features = Features(translated: 20, clean: 20, translatedImage: i => Bar(square: true, noise: i));

        var candidates = TriggerExtractor.Extract(features, Analysis(features, clusters, 2), new TriggerProbeParameters { MinGroupFraction = 0.1 });

        Assert.Equal(["all", "cluster-0"], candidates.Select(c => c.Source));
    }

    [Fact]
    public void PatchSizeFollowsTheImageArea()
    {
        Assert.Equal(16, new TriggerProbeParameters().MaskLocations(new ImageShape(1, 28, 28)));
        Assert.Equal(20, new TriggerProbeParameters().MaskLocations(new ImageShape(3, 32, 32)));
        Assert.Equal(1, new TriggerProbeParameters().MaskLocations(new ImageShape(1, 2, 2)));
    }

    [Fact]
    public void ColourPatchStampsEveryChannelOfItsLocations()
    {
        var patch = new TriggerCandidate { Source = "all", Images = 1, Locations = [0, 3], Pattern = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f] };
        var image = new float[3 * 2 * 2];

        patch.StampInto(image, new ImageShape(3, 2, 2));

        Assert.Equal([0.1f, 0, 0, 0.2f, 0.3f, 0, 0, 0.4f, 0.5f, 0, 0, 0.6f], image);
    }

    [Fact]
    public void NoTranslatedImagesGiveNoPatch()
    {
        var features = Features(translated: 0, clean: 5, translatedImage: _ => Bar(false, 0));

        Assert.Empty(TriggerExtractor.Extract(features, Analysis(features, [], 1), new TriggerProbeParameters()));
    }

    private static float[] Bar(bool square, int noise)
    {
        var image = new float[Shape.Size];
        for (int y = 1; y < 9; y++)
            image[y * 10 + 4] = image[y * 10 + 5] = 0.8f;
        // A little per-image variation elsewhere, far below the square's difference.
        image[(noise * 7) % 50] += 0.05f;
        if (square)
            image[88] = image[89] = image[98] = image[99] = 1f;
        return image;
    }

    private static ClassFeatures Features(int translated, int clean, Func<int, float[]> translatedImage) => new()
    {
        Label = 3,
        Translated = new Matrix(translated, 2),
        Clean = new Matrix(clean, 2),
        Shape = Shape,
        TranslatedImages = Enumerable.Range(0, translated).SelectMany(translatedImage).ToArray(),
        CleanImages = Enumerable.Range(0, clean).SelectMany(i => Bar(false, i + 3)).ToArray(),
        SeedLabels = new int[translated],
    };

    private static ClassAnalysis Analysis(ClassFeatures features, int[] clusters, int clusterCount) => new()
    {
        Label = features.Label,
        TranslatedCount = features.Translated.Rows,
        CleanCount = features.Clean.Rows,
        Embedding = [],
        ClusterLabels = clusters.Concat(new int[features.Clean.Rows]).ToArray(),
        ClusterCount = clusterCount,
        Bandwidth = 1,
        Shift = 1,
    };
}
