namespace Aegis.Core.Detection;

/// <summary>
/// Neural Cleanse's all-to-all row: the smallest trigger that sends images away from their own class,
/// whatever class they go to (<c>CE = −log(1 − p_own)</c>), and where it sends each class's held-out images.
/// A one-target backdoor's trigger sends every class to the target; an all-to-all backdoor's sends each
/// class to its own other class (<see cref="AllToAllRule.FromDestinations"/> judges which).
/// </summary>
/// <param name="Mask">H·W values in [0,1].</param>
/// <param name="Pattern">C·H·W values in [0,1].</param>
/// <param name="MaskL1">‖mask‖₁.</param>
/// <param name="AttackSuccess">Share of the optimisation images of the kept epoch that left their class.</param>
/// <param name="Reached">Whether an epoch reached <see cref="NeuralCleanseParameters.AllToAllAttackSuccess"/>.</param>
/// <param name="Destinations">Held-out images per origin class (row) and the class the stamped image was given (column).</param>
public sealed record AllToAllReversal(float[] Mask, float[] Pattern, double MaskL1, double AttackSuccess, bool Reached, double Cost, int Epochs,
    IReadOnlyList<IReadOnlyList<int>> Destinations);
