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

    private static AllToAllReversal Row(params int[][] destinations) =>
        new([0.25f, 0.25f, 0, 0], [1, 1, 0, 0], MaskL1: 99, AttackSuccess: 0.9, Reached: true, Cost: 0.01, Epochs: 10, destinations);

    [Fact]
    public void AnAllToAllRowOfEveryClassWithinItsImageCountPassesAndGetsItsSizeMeasured()
    {
        var row = Row([0, 60, 40], [10, 0, 90], [100, 0, 0]);

        Assert.True(NeuralCleanseTriggerCheck.IsPlausible(row, 3, Shape, Options with { AllToAllImagesPerClass = 100 }));
        Assert.Equal(0.5, NeuralCleanseTriggerCheck.WithMeasuredSize(row)!.MaskL1);
        // Absent is plausible too: a class without training images has no row.
        Assert.True(NeuralCleanseTriggerCheck.IsPlausible(null, 3, Shape, Options));
    }

    [Fact]
    public void AnAllToAllRowThatWasNotAskedForOrDoesNotAddUpIsRefused()
    {
        var options = Options with { AllToAllImagesPerClass = 100 };
        var row = Row([0, 60, 40], [10, 0, 90], [100, 0, 0]);

        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(row, 3, Shape, options with { AllToAll = false }));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(row, 4, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(Row([0, 60, 41], [10, 0, 90], [100, 0, 0]), 3, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(Row([0, 60, -1], [10, 0, 90], [100, 0, 0]), 3, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(Row([0, 60], [10, 0, 90], [100, 0, 0]), 3, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(row with { Mask = [2f, 0, 0, 0] }, 3, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(row with { Epochs = 11 }, 3, Shape, options));
        Assert.False(NeuralCleanseTriggerCheck.IsPlausible(row with { AttackSuccess = double.NaN }, 3, Shape, options));
    }
}
