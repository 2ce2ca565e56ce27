namespace Aegis.Core.Detection;

/// <summary>
/// Whether reversed triggers can be what Neural Cleanse produced for the requested classes: one per
/// class in order, masks and patterns of the image's size with values in [0, 1], rates in [0, 1], a
/// finite cost, epochs within the limit. Whoever receives triggers from where the model ran checks
/// them with this; <see cref="WithMeasuredSizes"/> then recomputes each mask's size from the mask.
/// </summary>
public static class NeuralCleanseTriggerCheck
{
    public static bool IsPlausible(IReadOnlyList<NeuralCleanseTrigger>? triggers, IReadOnlyList<int> classes, ImageShape shape, NeuralCleanseParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (triggers is null || triggers.Count != classes.Count)
            return false;
        int pixels = shape.Height * shape.Width;
        return triggers.Select((t, i) => t is not null && t.Label == classes[i]
            && t.Mask?.Length == pixels && t.Pattern?.Length == shape.Size && InUnitInterval(t.Mask) && InUnitInterval(t.Pattern)
            && t.AttackSuccess is >= 0 and <= 1 && t.Cost >= 0 && double.IsFinite(t.Cost)
            && t.Epochs >= 0 && t.Epochs <= parameters.MaxEpochs && t.HeldOutAttackSuccess is null or (>= 0 and <= 1)).All(ok => ok);
    }

    /// <summary>
    /// Whether an all-to-all row can be what the reversal produced: present exactly when <see cref="NeuralCleanseParameters.AllToAll"/>
    /// asks for it (or absent, when a class had no training images), mask and pattern of the image's size in [0, 1], one row of
    /// destinations per class with as many counts, none negative, at most <see cref="NeuralCleanseParameters.AllToAllImagesPerClass"/> each.
    /// </summary>
    public static bool IsPlausible(AllToAllReversal? allToAll, int classes, ImageShape shape, NeuralCleanseParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (allToAll is null)
            return true;
        return parameters.AllToAll && allToAll.Mask?.Length == shape.Height * shape.Width && allToAll.Pattern?.Length == shape.Size
            && InUnitInterval(allToAll.Mask) && InUnitInterval(allToAll.Pattern)
            && allToAll.AttackSuccess is >= 0 and <= 1 && allToAll.Cost >= 0 && double.IsFinite(allToAll.Cost)
            && allToAll.Epochs >= 0 && allToAll.Epochs <= parameters.MaxEpochs
            && allToAll.Destinations is { } rows && rows.Count == classes
            && rows.All(r => r is not null && r.Count == classes && r.All(n => n >= 0) && r.Sum(n => (long)n) <= parameters.AllToAllImagesPerClass);
    }

    /// <summary>The all-to-all row with <see cref="AllToAllReversal.MaskL1"/> computed here from its mask.</summary>
    public static AllToAllReversal? WithMeasuredSize(AllToAllReversal? allToAll) =>
        allToAll is null ? null : allToAll with { MaskL1 = allToAll.Mask.Sum(v => (double)v) };

    /// <summary>The triggers with <see cref="NeuralCleanseTrigger.MaskL1"/> computed here from each mask, never taken from the sender.</summary>
    public static IReadOnlyList<NeuralCleanseTrigger> WithMeasuredSizes(IReadOnlyList<NeuralCleanseTrigger> triggers) =>
        triggers.Select(t => t with { MaskL1 = t.Mask.Sum(v => (double)v) }).ToArray();

    private static bool InUnitInterval(float[] values) => values.All(v => v is >= 0 and <= 1);
}
