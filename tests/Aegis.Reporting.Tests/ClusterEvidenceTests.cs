using Aegis.Core.Detection;

namespace Aegis.Reporting.Tests;

public class ClusterEvidenceTests
{
    private static readonly ImageShape Gray = new(1, 28, 28);

    [Fact]
    public void CountsMembersAndSeedLabelsPerCluster()
    {
        var (features, analysis) = SyntheticClass.Create(Gray, translated: 40, clean: 30, triggered: 24);

        var clusters = ClusterEvidence.Summarise(features, analysis);

        Assert.Equal(2, clusters.Count);
        Assert.Equal((0, 16, 30), (clusters[0].Cluster, clusters[0].Translated, clusters[0].Clean));
        Assert.Equal((1, 24, 0), (clusters[1].Cluster, clusters[1].Translated, clusters[1].Clean));
        // Seeds 0..23 (label i % 3) went to cluster 1, seeds 24..39 to cluster 0.
        Assert.Equal(new Dictionary<int, int> { [0] = 8, [1] = 8, [2] = 8 }, clusters[1].SeedLabels);
        Assert.Equal(new Dictionary<int, int> { [0] = 6, [1] = 5, [2] = 5 }, clusters[0].SeedLabels);
    }

    [Fact]
    public void MeanImageDifferenceMeasuresTheTrigger()
    {
        var (features, analysis) = SyntheticClass.Create(Gray);

        var clusters = ClusterEvidence.Summarise(features, analysis);

        Assert.Equal(0, clusters[0].MeanImageDifference, 6);
        double trigger = 16 * (1 - SyntheticClass.Background) / Gray.Size;
        Assert.Equal(trigger, clusters[1].MeanImageDifference, 6);
    }

    [Fact]
    public void MismatchedInputsAreRefusedWithAMessage()
    {
        var (features, analysis) = SyntheticClass.Create(Gray);

        var shortLabels = Assert.Throws<ArgumentException>(() =>
            ClusterEvidence.Summarise(features, analysis with { ClusterLabels = analysis.ClusterLabels[..^1] }));
        Assert.Contains("cluster labels", shortLabels.Message);

        var badImages = Assert.Throws<ArgumentException>(() =>
            ClusterEvidence.Summarise(features with { CleanImages = new float[10] }, analysis));
        Assert.Contains("clean pixel values", badImages.Message);

        var outOfRange = Assert.Throws<ArgumentException>(() =>
            ClusterEvidence.Summarise(features, analysis with { ClusterCount = 1 }));
        Assert.Contains("outside", outOfRange.Message);
    }
}
