using Aegis.Core.Detection;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Torch.Tests.NeuralCleanse;

/// <summary>Neural Cleanse on a real backdoored standard model: the fixture standard_local_small (3x3 white square → 7, attack success 0.95).</summary>
[Collection(TorchCollection.Name)]
public sealed class NeuralCleanseDetectionTests(ModelCache models)
{
    [Fact]
    public void FindsTheBackdoorOfAStandardModelWithTheRightClassAndATriggerInTheCorner()
    {
        var model = models.Get("standard_local_small");
        var facts = TestData.Facts("standard_local_small");
        int target = facts.GetProperty("target_class").GetInt32();

        var triggers = new NeuralCleanseReversal(model).Run(TestData.TrainingSet, TestData.TestSet, Enumerable.Range(0, 10).ToArray(), new NeuralCleanseParameters());
        var decision = NeuralCleanseRule.Decide(triggers, new NeuralCleanseParameters(), NeuralCleanseReference.For(TestData.TrainingSet));

        Assert.Equal([target], decision.SuspiciousClasses);
        Assert.NotNull(decision.Reference);
        Assert.Contains(target, decision.PublishedRuleClasses);
        var reversed = triggers.Single(t => t.Label == target);
        Assert.Equal(reversed.MaskL1, triggers.Min(t => t.MaskL1));
        Assert.True(reversed.HeldOutAttackSuccess > 0.9, $"held-out attack success {reversed.HeldOutAttackSuccess}");
        // Most of the reversed mask lies in the bottom-right quarter, where the trigger was stamped.
        double corner = Enumerable.Range(14, 14).SelectMany(y => Enumerable.Range(14, 14).Select(x => (double)reversed.Mask[y * 28 + x])).Sum();
        Assert.True(corner > 0.6 * reversed.MaskL1, $"{corner:F1} of {reversed.MaskL1:F1} in the bottom-right quarter");
    }

    [Fact]
    public void EveryClassGetsAMaskAndPatternInRangeAndTheSameSeedGivesTheSameTriggers()
    {
        var model = models.Get("standard_local_small");
        var quick = new NeuralCleanseParameters { Images = 64, MaxEpochs = 3, VerificationImages = 50 };
        int[] classes = [2, 7];

        var first = new NeuralCleanseReversal(model).Run(TestData.TrainingSet, null, classes, quick);
        var again = new NeuralCleanseReversal(model).Run(TestData.TrainingSet, null, classes, quick);

        Assert.Equal(classes, first.Select(t => t.Label));
        foreach (var trigger in first)
        {
            Assert.Equal(28 * 28, trigger.Mask.Length);
            Assert.Equal(28 * 28, trigger.Pattern.Length);
            Assert.All(trigger.Mask, v => Assert.InRange(v, 0f, 1f));
            Assert.All(trigger.Pattern, v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(trigger.Mask.Sum(v => (double)v), trigger.MaskL1, 3);
            Assert.Equal(3, trigger.Epochs);
            Assert.InRange(trigger.HeldOutAttackSuccess!.Value, 0, 1);
        }
        Assert.Equal(first.Select(t => t.MaskL1), again.Select(t => t.MaskL1));
    }

    [Fact]
    public void BadClassesAndOptionsAreRefusedBeforeAnyWork()
    {
        var model = models.Get("standard_local_small");
        var reversal = new NeuralCleanseReversal(model);

        Assert.Throws<ArgumentOutOfRangeException>(() => reversal.Run(TestData.TrainingSet, null, [10], new NeuralCleanseParameters()));
        Assert.Throws<ArgumentException>(() => reversal.Run(TestData.TrainingSet, null, [1], new NeuralCleanseParameters { BatchSize = 0 }));
    }
}
