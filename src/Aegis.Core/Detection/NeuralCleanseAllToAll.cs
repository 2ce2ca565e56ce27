namespace Aegis.Core.Detection;

/// <summary>
/// Neural Cleanse's all-to-all row in a verdict (<c>neuralCleanse.allToAll</c>): the trigger that sends
/// images away from their own class, where it sent each class's held-out images, and the matching
/// <see cref="AllToAllRule.FromDestinations"/> found in them.
/// </summary>
/// <param name="Matching">The classes reached each from its own origin beyond a natural neighbour's reach (all flagged when detected).</param>
/// <param name="Destinations">Held-out images per origin (row) by the class the stamped image was given (column).</param>
public sealed record NeuralCleanseAllToAll(AllToAllFinding Matching, double MaskL1, double AttackSuccess, bool Reached, int Epochs,
    IReadOnlyList<IReadOnlyList<int>> Destinations)
{
    public static NeuralCleanseAllToAll From(AllToAllFinding matching, AllToAllReversal reversal)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        return new NeuralCleanseAllToAll(matching, reversal.MaskL1, reversal.AttackSuccess, reversal.Reached, reversal.Epochs, reversal.Destinations);
    }
}
