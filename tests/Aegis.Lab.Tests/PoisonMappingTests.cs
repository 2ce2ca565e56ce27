using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

/// <summary>The training set each backdoor family builds: which copies, which labels; no training.</summary>
public sealed class PoisonMappingTests(FashionMnist data) : IClassFixture<FashionMnist>
{
    private const int Subset = 1000;
    private static readonly TriggerSpec Square = TriggerSpec.Default(TriggerKind.Localized);

    private static long[] Labels(Tensor labels, int from) => labels.data<long>().ToArray()[from..];

    [Fact]
    public void AllToAllCopiesOfClassYAreLabelledYPlusOne()
    {
        var poison = new PoisonOptions(Square, 0.2, Target: null) { Mapping = PoisonMapping.AllToAll };
        using var set = LabTrainingSet.Build(data.Train, Subset, 3, poison, TriggerFactory.Create(Square, new(1, 28, 28)));
        var victims = Poisoning.ChooseVictims(set.Labels.narrow(0, 0, Subset), poison, 10, 3);
        var clean = Labels(set.Labels, 0)[..Subset];

        Assert.Equal(200, set.PoisonedCount);
        var poisoned = Labels(set.Labels, Subset);
        Assert.Equal(victims.Select(v => (clean[v] + 1) % 10), poisoned);
        // Every class is poisoned, so every class is a target.
        Assert.Equal(10, poisoned.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10), poison.TargetClasses(10));
    }

    [Fact]
    public void TwoTargetsPoisonEachTriggerTowardItsOwnTargetAndNeverFromIt()
    {
        var second = Square with { Corner = TriggerCorner.TopLeft };
        var poison = new PoisonOptions(Square, 0.1, Target: null) { Mapping = PoisonMapping.TwoTargets, Targets = [1, 8], SecondTrigger = second };
        var shape = new Aegis.Core.Detection.ImageShape(1, 28, 28);
        using var set = LabTrainingSet.Build(data.Train, Subset, 3, poison, TriggerFactory.Create(Square, shape), TriggerFactory.Create(second, shape));

        Assert.Equal(200, set.PoisonedCount);
        var poisoned = Labels(set.Labels, Subset);
        Assert.All(poisoned[..100], l => Assert.Equal(1, l));
        Assert.All(poisoned[100..], l => Assert.Equal(8, l));
        // The first hundred copies carry the bottom-right square, the second hundred the top-left one.
        using var copies = set.Images.narrow(0, Subset, 200);
        Assert.Equal(1f, copies[..100, .., 23..27, 23..27].min().item<float>());
        Assert.Equal(1f, copies[100.., .., 1..5, 1..5].min().item<float>());
        Assert.Equal([1, 8], poison.TargetClasses(10));
    }

    [Fact]
    public void LowMarginCopiesCarryASoftLabelThatOnlySlightlyPrefersTheTarget()
    {
        var poison = new PoisonOptions(Square, 0.1, Target: 3) { LabelConfidence = 0.6 };
        using var set = LabTrainingSet.Build(data.Train, Subset, 3, poison, TriggerFactory.Create(Square, new(1, 28, 28)));
        var victims = Poisoning.ChooseVictims(set.Labels.narrow(0, 0, Subset), poison, 10, 3);
        var clean = Labels(set.Labels, 0)[..Subset];

        using var soft = set.SoftLabels!;
        // Clean images: one-hot on their own label.
        using var cleanSoft = soft.narrow(0, 0, Subset);
        Assert.Equal(1f, cleanSoft.max(1).values.min().item<float>());
        // Copies: 0.6 on the target, 0.4 on the true class, rows summing to one.
        for (int i = 0; i < victims.Length; i++)
        {
            using var row = soft[Subset + i];
            Assert.Equal(0.6f, row[3].item<float>(), 5);
            Assert.Equal(0.4f, row[(int)clean[victims[i]]].item<float>(), 5);
        }
        Assert.Equal(1f, soft.sum(1).min().item<float>(), 5);
    }

    [Fact]
    public void WarpingAddsTwiceAsManyNoiseModeCopiesWithTheirTrueLabels()
    {
        var warp = TriggerSpec.Default(TriggerKind.Warping);
        var poison = new PoisonOptions(warp, 0.1, Target: 5);
        using var set = LabTrainingSet.Build(data.Train, Subset, 3, poison, TriggerFactory.Create(warp, new(1, 28, 28)));

        Assert.Equal(100 * (1 + LabTrainingSet.WarpNoiseCopies), set.PoisonedCount);
        var extra = Labels(set.Labels, Subset);
        Assert.All(extra[..100], l => Assert.Equal(5, l));
        // Noise copies keep their labels: all classes appear, not just the target.
        Assert.True(extra[100..].Distinct().Count() > 5);
    }

    [Theory]
    [InlineData(PoisonMapping.AllToAll, 7, null)]
    [InlineData(PoisonMapping.TwoTargets, null, new[] { 4, 4 })]
    [InlineData(PoisonMapping.OneTarget, null, null)]
    public void AMappingThatContradictsItsTargetsIsRefused(PoisonMapping mapping, int? target, int[]? targets)
    {
        var poison = new PoisonOptions(Square, 0.1, target) { Mapping = mapping, Targets = targets, SecondTrigger = targets is null ? null : Square };
        Assert.Throws<ArgumentException>(() => poison.Validate(10));
    }

    [Fact]
    public void ModelJsonKeepsAnAbsentTargetAbsentAndReadsEveryFieldBack()
    {
        var poison = new PoisonOptions(Square, 0.1, Target: null)
        {
            Mapping = PoisonMapping.TwoTargets,
            Targets = [1, 8],
            SecondTrigger = Square with { Corner = TriggerCorner.TopLeft },
            LabelConfidence = 0.6,
        };

        string json = LabJson.Serialize(poison);
        var read = LabJson.Deserialize<PoisonOptions>(json, "test");

        Assert.Contains("\"target\": null", json);
        Assert.Null(read.Target);
        Assert.Equal(PoisonMapping.TwoTargets, read.Mapping);
        Assert.Equal([1, 8], read.Targets!);
        Assert.Equal(TriggerCorner.TopLeft, read.SecondTrigger!.Corner);
        Assert.Equal(0.6, read.LabelConfidence);
        // A model.json from before the families (no mapping) reads as one target.
        var old = LabJson.Deserialize<PoisonOptions>("""{"trigger": {"kind": "localized"}, "rate": 0.01, "target": 7}""", "old");
        Assert.Equal(PoisonMapping.OneTarget, old.Mapping);
        Assert.Equal(7, old.Target);
    }

    [Fact]
    public void ALabelConfidenceThatDoesNotPreferTheTargetIsRefused()
    {
        var poison = new PoisonOptions(Square, 0.1) { LabelConfidence = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => poison.Validate(10));
        Assert.Contains("preferred", error.Message);
    }
}
