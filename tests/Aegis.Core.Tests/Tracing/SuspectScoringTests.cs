using Aegis.Core.Detection;
using Aegis.Core.Tracing;

namespace Aegis.Core.Tests.Tracing;

public sealed class SuspectScoringTests
{
    [Fact]
    public void TheScoreNeedsTheEvidenceTogetherAndNeverLeavesTheUnitInterval()
    {
        Assert.Equal(1, SuspectScore.Combine(1, 1, 0, 1), 9);
        Assert.Equal(0, SuspectScore.Combine(0, 0.2, 0.9, 0), 9);
        Assert.True(SuspectScore.Combine(1, 0.99, 0.98, 0.2) < SuspectScore.Combine(1, 0.99, 0.05, 0.2));
        Assert.InRange(SuspectScore.Combine(1.5, 2, -1, 3), 0, 1);
    }

    [Fact]
    public void FeaturesNearTheStampedImagesScoreNearOneAndTheClassCoreNearZero()
    {
        // Six samples at the class centre (0, 0), two with the trigger's features (10, 0).
        var samples = new Matrix(8, 2, [0, 0, 0.1f, 0, 0, 0.1f, -0.1f, 0, 0, -0.1f, 0, 0, 10, 0, 9.9f, 0.1f]);
        var stamped = new Matrix(2, 2, [10, 0, 10, 0.2f]);

        var affinity = FeatureAffinity.Compute(samples, samples, stamped);

        Assert.All(affinity[..6], a => Assert.InRange(a, 0, 0.05));
        Assert.All(affinity[6..], a => Assert.InRange(a, 0.95, 1));
    }

    [Fact]
    public void SamplesAreSortedHighestScoreFirstWithTiesInSampleOrder()
    {
        var shape = new ImageShape(1, 2, 2);
        var mask = new float[] { 0, 0, 0, 1 };
        var trigger = new TraceTrigger { Label = 1, Source = TraceTrigger.PatchSource, Shape = shape, Mask = mask, Pattern = [0, 0, 0, 1] };
        var measured = new TraceMeasurements
        {
            Indices = ["0", "5", "9"],
            Images = [0, 0, 0, 0, /**/ 0, 0, 0, 1, /**/ 0, 0, 0, 0],
            Confidence = [0.9, 0.99, 0.9],
            CoveredConfidence = [0.9, 0.01, 0.9],
            CoveredPrediction = [1, 4, 1],
            Features = new Matrix(3, 1, [0, 5, 0]),
            StampedFeatures = new Matrix(1, 1, [5]),
            ReferenceFeatures = new Matrix(2, 1, [0, 0]),
            StampedFlip = 0.96,
        };

        var (traced, suspects) = TraceScoring.Score(trigger, measured);

        Assert.Equal(["5", "0", "9"], suspects.Select(s => s.Index));
        Assert.True(suspects[0].DecisionChanged);
        Assert.Equal(1, traced.DecisionsChanged);
        Assert.Equal(3, traced.Samples);
        Assert.Equal([3], traced.Region);
    }
}

public sealed class SuspectMarkTests
{
    [Fact]
    public void ALargePoisonedGroupIsMarkedWholeAndTheCleanBulkNot()
    {
        // 20 clean samples with a little spread, 10 poisoned copies (a third of the class, as the lab's 5% poison gives).
        var shape = new ImageShape(1, 2, 2);
        var trigger = new TraceTrigger { Label = 1, Source = TraceTrigger.PatchSource, Shape = shape, Mask = [0, 0, 0, 1], Pattern = [0, 0, 0, 1] };
        var random = new Random(1);
        bool Poisoned(int i) => i % 3 == 0;
        var measured = new TraceMeasurements
        {
            Indices = Enumerable.Range(0, 30).Select(i => i.ToString()).ToArray(),
            Images = Enumerable.Range(0, 30).SelectMany(i => new[] { 0f, 0f, 0f, Poisoned(i) ? 1f : (float)(0.3 * random.NextDouble()) }).ToArray(),
            Confidence = Enumerable.Range(0, 30).Select(_ => 0.95).ToArray(),
            CoveredConfidence = Enumerable.Range(0, 30).Select(i => Poisoned(i) ? 0.3 + 0.4 * random.NextDouble() : 0.9).ToArray(),
            CoveredPrediction = Enumerable.Range(0, 30).Select(i => Poisoned(i) ? 4 : 1).ToArray(),
            Features = new Matrix(30, 1, Enumerable.Range(0, 30).Select(i => Poisoned(i) ? 3f + (float)random.NextDouble() : (float)random.NextDouble()).ToArray()),
            StampedFeatures = new Matrix(1, 1, [4]),
            ReferenceFeatures = new Matrix(3, 1, [0, 0.5f, 1]),
            StampedFlip = 1,
        };

        var (_, suspects) = TraceScoring.Score(trigger, measured);

        Assert.Equal(Enumerable.Range(0, 30).Where(Poisoned).Select(i => i.ToString()).Order(), suspects.Where(s => s.Suspected).Select(s => s.Index).Order());
    }
}

public sealed class BaselineTests
{
    [Fact]
    public void BothBaselinesRankAShiftedMinorityAboveTheBulk()
    {
        // 40 rows scattered around the origin, 6 rows shifted together along one direction (the poison's signature).
        var random = new Random(3);
        var data = new List<float>();
        for (int r = 0; r < 46; r++)
            for (int c = 0; c < 12; c++)
                data.Add((float)(random.NextDouble() - 0.5) + (r >= 40 && c < 3 ? 4f : 0f));
        var features = new Matrix(46, 12, data.ToArray());

        foreach (var scores in new[] { Aegis.Core.Tracing.Baselines.SpectralSignature.Scores(features), Aegis.Core.Tracing.Baselines.ActivationClustering.Scores(features) })
        {
            var top = Enumerable.Range(0, 46).OrderByDescending(i => scores[i]).Take(6);
            Assert.All(top, i => Assert.True(i >= 40, $"row {i}"));
        }
    }
}
