using System.Text;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class NeuralCleanseReferenceTests
{
    private static readonly double[] Clean = [65.7, 56.3, 70.5, 73.8, 65.9, 86.7, 47.2, 140.1, 33.3, 92.9];

    [Fact]
    public void OffsetsAreEachClassSMedianLogSizeRelativeToItsModel()
    {
        var reference = Reference(Clean, Clean.Select(v => v * 2).ToArray(), Clean.Select((v, c) => c == 8 ? v * 1.5 : v).ToArray());

        var offsets = reference.Offsets();

        // Doubling a whole model changes nothing relative to its own median; the one larger bag is outvoted.
        double median = RobustZScore.Median(Clean.Select(v => Math.Log(v)).ToArray());
        for (int c = 0; c < 10; c++)
            Assert.Equal(Math.Log(Clean[c]) - median, offsets[c], 9);
    }

    [Fact]
    public void AClassThatIsSmallByNatureIsJudgedAgainstItsOwnSize()
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
    public void SpreadIsHowFarEachReferenceModelStraysFromTheOthers()
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
    public void AReferenceModelScannedAgainIsNotFlagged()
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

    [Fact]
    public void ClassSpreadsMeasureEachClassSOwnVariationBetweenCleanModels()
    {
        // Bags (8) are a third smaller in one model and twice larger in another; every other class keeps its size.
        var reference = Reference(Clean, Clean.Select((v, c) => c == 8 ? v / 3 : v).ToArray(), Clean.Select((v, c) => c == 8 ? v * 2 : v).ToArray(),
            Clean.Select(v => v * 1.5).ToArray());

        var spreads = reference.ClassSpreads();

        Assert.InRange(spreads[8], 0.3, 2);
        Assert.All(spreads.Where((_, c) => c != 8), s => Assert.InRange(s, 0, 0.05));
        Assert.All(Reference(Clean).ClassSpreads(), s => Assert.Equal(0, s));
    }

    // Measured mask norms (default scans, seed 0) of standard batch-norm-cnn models: two clean ones that learned
    // a bag's handle as a shortcut (their bag trigger is a column of dots on the left edge) and one backdoored
    // toward bags (8) with a localized patch, whose bag mask is as small as the shortcut's.
    private static readonly double[] CleanWithBagShortcut = [50.192, 49.671, 54.592, 42.893, 41.22, 54.05, 33.006, 76.177, 13.525, 64.603];
    private static readonly double[] CleanWithWeakerBagShortcut = [52.821, 53.285, 50.964, 53.27, 45.4, 66.874, 46.019, 83.315, 19.331, 82.614];
    private static readonly double[] BagsBackdoored = [58.657, 57.177, 55.21, 58.183, 50.413, 59.329, 50.841, 71.075, 13.35, 69.961];
    // A small-cnn backdoored toward bags with a blended trigger.
    private static readonly double[] BagsBackdooredBlended = [67.885, 51.262, 66.364, 70.263, 55.135, 70.559, 52.294, 135.279, 4.882, 119.12];

    [Fact]
    public void TheBuiltInReferenceTellsANaturalBagShortcutFromAPlantedBagTrigger()
    {
        var reference = NeuralCleanseReference.For(DatasetLoader.Load("/usr/share/datasets/fashion-mnist", DatasetSplit.Train))!;
        // Each clean model is judged against the reference without itself, as a model the reference has never seen.
        NeuralCleanseDecision HeldOut(string name, double[] norms) => NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters(),
            reference with { Models = reference.Models.Where(m => m.Name != name).ToArray() });

        var shortcut = HeldOut("bn-clean-s68", CleanWithBagShortcut);
        var weaker = HeldOut("bn-clean-s70", CleanWithWeakerBagShortcut);
        var planted = NeuralCleanseRule.Decide(Triggers(BagsBackdoored), new NeuralCleanseParameters(), reference);
        var blended = NeuralCleanseRule.Decide(Triggers(BagsBackdooredBlended), new NeuralCleanseParameters(), reference);

        Assert.Empty(shortcut.SuspiciousClasses);
        Assert.Empty(weaker.SuspiciousClasses);
        Assert.Equal([8], planted.SuspiciousClasses);
        Assert.Equal([8], blended.SuspiciousClasses);
        // The published rule flags all four.
        Assert.All(new[] { shortcut, weaker, planted, blended }, d => Assert.Contains(8, d.PublishedRuleClasses));
    }

    [Fact]
    public void FingerprintFollowsTheLabelsAndTheShape()
    {
        var a = Dataset([1, 2, 3, 4]);

        Assert.Equal(NeuralCleanseReference.Fingerprint(a), NeuralCleanseReference.Fingerprint(Dataset([1, 2, 3, 4])));
        Assert.NotEqual(NeuralCleanseReference.Fingerprint(a), NeuralCleanseReference.Fingerprint(Dataset([1, 2, 4, 3])));
        Assert.Null(NeuralCleanseReference.For(a));
    }

    [Fact]
    public void TheBuiltInReferenceMatchesTheMachineSFashionMnist()
    {
        var training = DatasetLoader.Load("/usr/share/datasets/fashion-mnist", DatasetSplit.Train);

        var reference = NeuralCleanseReference.For(training);

        Assert.NotNull(reference);
        Assert.Equal(10, reference.Classes);
        Assert.Equal(["batch-norm-cnn", "small-cnn"], reference.Models.Select(m => m.Family).Distinct().Order());
        // Bags need the smallest trigger of any class in clean models, sneakers the largest.
        var offsets = reference.Offsets();
        Assert.Equal(8, Array.IndexOf(offsets, offsets.Min()));
        Assert.Equal(7, Array.IndexOf(offsets, offsets.Max()));
    }

    [Fact]
    public void AReferenceFileWithMissingOrImpossibleNormsIsRefused()
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

    private static NeuralCleanseTrigger[] Triggers(double[] norms) =>
        norms.Select((n, label) => new NeuralCleanseTrigger(label, [], [], n, 0.99, Reached: true, Cost: 0.01, Epochs: 30)
        {
            HeldOutAttackSuccess = 0.97,
        }).ToArray();

    private static ImageDataset Dataset(int[] labels) =>
        new("tiny", new byte[labels.Length * 4], labels, 1, 2, 2, 5);
}
