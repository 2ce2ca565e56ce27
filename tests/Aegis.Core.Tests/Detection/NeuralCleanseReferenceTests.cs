using System.Text;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class NeuralCleanseReferenceTests
{
    private static readonly double[] Clean = [65.7, 56.3, 70.5, 73.8, 65.9, 86.7, 47.2, 140.1, 33.3, 92.9];

    [Fact]
    public void Offsets_are_each_class_s_median_log_size_relative_to_its_model()
    {
        var reference = Reference(Clean, Clean.Select(v => v * 2).ToArray(), Clean.Select((v, c) => c == 8 ? v * 1.5 : v).ToArray());

        var offsets = reference.Offsets();

        // Doubling a whole model changes nothing relative to its own median; the one larger bag is outvoted.
        double median = RobustZScore.Median(Clean.Select(v => Math.Log(v)).ToArray());
        for (int c = 0; c < 10; c++)
            Assert.Equal(Math.Log(Clean[c]) - median, offsets[c], 9);
    }

    [Fact]
    public void A_class_that_is_small_by_nature_is_judged_against_its_own_size()
    {
        // A model whose bags (8) are small as always and whose class 4 mask is a quarter of its usual size.
        var norms = Clean.Select((v, c) => c == 4 ? v / 4 : v * 1.1).ToArray();
        var reference = Reference(Clean);

        var without = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters());
        var with = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters(), reference);

        Assert.Empty(without.SuspiciousClasses);
        Assert.Equal([4], with.SuspiciousClasses);
        Assert.Equal("test", with.Reference);
        Assert.Null(without.Reference);
        Assert.Contains("natural offset", with.Explanation);
        Assert.All(without.Classes, c => Assert.Null(c.ReferenceAnomalyIndex));
        Assert.True(with.Classes.Single(c => c.Label == 8).ReferenceAnomalyIndex < 2);
    }

    [Fact]
    public void Spread_is_how_far_each_reference_model_strays_from_the_others()
    {
        double[] a = [60, 50, 70, 70, 65, 85, 47, 140, 33, 93];
        var b = a.Select((v, c) => c % 2 == 0 ? v * 1.2 : v).ToArray();
        var c3 = a.Select((v, c) => c % 3 == 0 ? v / 1.1 : v).ToArray();

        Assert.Equal(0, Reference(a).Spread());
        double spread = Reference(a, b, c3).Spread();
        Assert.InRange(spread, 0.02, Math.Log(1.2) * 2);
        Assert.Equal(0, Reference(a, a, a).Spread(), 12);
    }

    [Fact]
    public void A_reference_model_scanned_again_is_not_flagged()
    {
        // Its own sizes define part of the reference, so several residuals are exactly zero and their
        // MAD collapses; the reference's spread keeps ordinary deviations ordinary.
        double[] s1 = [65.7, 56.3, 70.5, 73.8, 65.9, 86.7, 47.2, 140.1, 33.3, 92.9];
        double[] s2 = [82.2, 42.4, 76.8, 68.7, 70.2, 88.0, 52.9, 156.5, 46.1, 99.5];
        double[] s3 = [75.9, 50.9, 65.4, 70.5, 63.2, 77.8, 55.4, 158.1, 41.8, 98.4];
        var reference = Reference(s1, s2, s3);

        foreach (var model in new[] { s1, s2, s3 })
            Assert.Empty(NeuralCleanseRule.Decide(Triggers(model), new NeuralCleanseParameters(), reference).SuspiciousClasses);
    }

    // Measured mask norms (default scans, seed 0) of clean standard models of two architectures, and of
    // a batch-norm-cnn backdoored toward bags (8) whose sneakers (7) need a smaller trigger than a
    // small-cnn's sneakers ever do.
    private static readonly double[][] SmallCnn =
    [
        [65.746, 56.302, 70.511, 73.826, 65.939, 86.705, 47.188, 140.116, 33.349, 92.902],
        [82.202, 42.428, 76.761, 68.747, 70.244, 87.999, 52.871, 156.468, 46.13, 99.533],
        [75.907, 50.898, 65.427, 70.488, 63.172, 77.783, 55.426, 158.12, 41.827, 98.377],
    ];
    private static readonly double[][] BatchNormCnn =
    [
        [67.255, 64.468, 55.523, 61.185, 50.464, 64.452, 47.689, 92.045, 40.37, 72.787],
        [48.96, 46.005, 50.423, 58.853, 41.692, 66.548, 39.749, 77.839, 22.999, 76.946],
        [61.117, 62.135, 49.958, 55.004, 49.685, 64.217, 50.325, 84.601, 42.231, 69.726],
    ];
    private static readonly double[] BatchNormBagsBackdoored = [58.657, 57.177, 55.21, 58.183, 50.413, 59.329, 50.841, 71.075, 13.35, 69.961];

    [Fact]
    public void A_model_is_compared_with_the_reference_family_its_sizes_fit_best()
    {
        var smallOnly = Reference(SmallCnn);
        var both = Families(("small-cnn", SmallCnn), ("batch-norm-cnn", BatchNormCnn));

        var againstSmall = NeuralCleanseRule.Decide(Triggers(BatchNormBagsBackdoored), new NeuralCleanseParameters(), smallOnly);
        var againstBoth = NeuralCleanseRule.Decide(Triggers(BatchNormBagsBackdoored), new NeuralCleanseParameters(), both);

        // Judged by small-cnn sizes, this model's ordinary sneakers look like a second target.
        Assert.Equal([7, 8], againstSmall.SuspiciousClasses);
        Assert.Equal([8], againstBoth.SuspiciousClasses);
        Assert.Equal("test/batch-norm-cnn", againstBoth.Reference);
        Assert.Equal("test/small-cnn", both.ClosestFamily(Enumerable.Range(0, 10).ToArray(), SmallCnn[0].Select(v => v * 1.3).ToArray()).Name);
    }

    [Fact]
    public void Families_split_a_grouped_reference_and_leave_an_ungrouped_one_whole()
    {
        var ungrouped = Reference(SmallCnn);
        var grouped = Families(("small-cnn", SmallCnn), ("batch-norm-cnn", BatchNormCnn));

        Assert.Same(ungrouped, Assert.Single(ungrouped.Families()));
        Assert.Same(ungrouped, ungrouped.ClosestFamily([0, 1], [10, 20]));
        var families = grouped.Families();
        Assert.Equal(["test/small-cnn", "test/batch-norm-cnn"], families.Select(f => f.Name));
        Assert.All(families, f => Assert.Equal(3, f.Models.Count));
        // Each family's spread is its own models' (leave one out), not the gap between the families.
        Assert.Equal(Reference(SmallCnn).Spread(), families[0].Spread(), 12);
        Assert.Throws<ArgumentException>(() => grouped.ClosestFamily([0, 10], [1, 2]));
    }

    [Fact]
    public void Fingerprint_follows_the_labels_and_the_shape()
    {
        var a = Dataset([1, 2, 3, 4]);

        Assert.Equal(NeuralCleanseReference.Fingerprint(a), NeuralCleanseReference.Fingerprint(Dataset([1, 2, 3, 4])));
        Assert.NotEqual(NeuralCleanseReference.Fingerprint(a), NeuralCleanseReference.Fingerprint(Dataset([1, 2, 4, 3])));
        Assert.Null(NeuralCleanseReference.For(a));
    }

    [Fact]
    public void The_built_in_reference_matches_the_machine_s_fashion_mnist()
    {
        var training = DatasetLoader.Load("/usr/share/datasets/fashion-mnist", DatasetSplit.Train);

        var reference = NeuralCleanseReference.For(training);

        Assert.NotNull(reference);
        Assert.Equal(10, reference.Classes);
        Assert.Equal(["fashion-mnist/small-cnn", "fashion-mnist/batch-norm-cnn"], reference.Families().Select(f => f.Name));
        foreach (var family in reference.Families())
        {
            Assert.True(family.Models.Count >= 3);
            // In either family bags need the smallest trigger of any class in clean models, sneakers the largest.
            var offsets = family.Offsets();
            Assert.Equal(8, Array.IndexOf(offsets, offsets.Min()));
            Assert.Equal(7, Array.IndexOf(offsets, offsets.Max()));
        }
    }

    [Fact]
    public void A_reference_file_with_missing_or_impossible_norms_is_refused()
    {
        var good = NeuralCleanseReference.Serialize(Reference(Clean));
        var bad = good.Replace("33.3", "-1", StringComparison.Ordinal);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(bad));
        var error = Assert.Throws<InvalidDataException>(() => NeuralCleanseReference.Read(stream, "bad.json"));
        Assert.Contains("positive, finite", error.Message);
        using var roundTrip = new MemoryStream(Encoding.UTF8.GetBytes(good));
        Assert.Equal(Clean, NeuralCleanseReference.Read(roundTrip, "good.json").Models[0].MaskL1);
    }

    private static NeuralCleanseReference Reference(params double[][] models) => new()
    {
        Name = "test",
        Description = "synthetic",
        Classes = 10,
        TrainingFingerprint = "00",
        Models = models.Select((m, i) => new ReferenceModel($"m{i}", m)).ToArray(),
    };

    private static NeuralCleanseReference Families(params (string Family, double[][] Models)[] families) => Reference() with
    {
        Models = families.SelectMany(f => f.Models.Select((m, i) => new ReferenceModel($"{f.Family}{i}", m, f.Family))).ToArray(),
    };

    private static NeuralCleanseTrigger[] Triggers(double[] norms) =>
        norms.Select((n, label) => new NeuralCleanseTrigger(label, [], [], n, 0.99, Reached: true, Cost: 0.01, Epochs: 30)
        {
            HeldOutAttackSuccess = 0.97,
        }).ToArray();

    private static ImageDataset Dataset(int[] labels) =>
        new("tiny", new byte[labels.Length * 4], labels, 1, 2, 2, 5);
}
