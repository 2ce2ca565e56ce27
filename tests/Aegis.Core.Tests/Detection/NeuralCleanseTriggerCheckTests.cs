using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class NeuralCleanseTriggerCheckTests
{
    private static readonly ImageShape Shape = new(1, 2, 2);
    private static readonly NeuralCleanseParameters Options = new() { MaxEpochs = 10 };

    private static NeuralCleanseTrigger Trigger(int label, float maskValue = 0.5f) =>
        new(label, [maskValue, 0, 0, 0], [1, 1, 0, 0], MaskL1: 99, AttackSuccess: 0.99, Reached: true, Cost: 0.01, Epochs: 10) { HeldOutAttackSuccess = 0.9 };

    [Fact]
    public void TriggersOfTheRequestedClassesInOrderAndInRangePassAndGetTheirSizesMeasuredFromTheMasks()
    {
        var triggers = new[] { Trigger(3), Trigger(7, 1f) };

        Assert.True(NeuralCleanseTriggerCheck.IsPlausible(triggers, [3, 7], Shape, Options));
        Assert.Equal([0.5, 1.0], NeuralCleanseTriggerCheck.WithMeasuredSizes(triggers).Select(t => t.MaskL1));
    }

    [Fact]
    public void WrongClassesShapesValuesOrNumbersAreRefused()
    {
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(7), Trigger(3)], [3, 7], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3)], [3, 7], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3, 1.5f)], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3, float.NaN)], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3) with { Pattern = [1, 1, 0] }], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3) with { Epochs = 11 }], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3) with { Cost = double.PositiveInfinity }], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible([Trigger(3) with { HeldOutAttackSuccess = double.NaN }], [3], Shape, Options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(null, [3], Shape, Options));
    }
}
