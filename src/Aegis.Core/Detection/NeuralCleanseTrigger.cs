namespace Aegis.Core.Detection;

/// <summary>
/// The smallest trigger Neural Cleanse found for one class: stamping <c>(1 − mask)·x + mask·pattern</c>
/// sends clean images to <see cref="Label"/>.
/// </summary>
/// <param name="Mask">H·W values in [0,1], shared by every channel.</param>
/// <param name="Pattern">C·H·W values in [0,1].</param>
/// <param name="MaskL1">‖mask‖₁, the trigger size Neural Cleanse compares across classes.</param>
/// <param name="AttackSuccess">Mean attack success of the epoch the mask comes from, on the optimisation images.</param>
/// <param name="Reached">Whether any epoch reached the attack-success threshold; if not, the mask is the last one tried.</param>
/// <param name="Cost">λ when the class stopped.</param>
/// <param name="Epochs">Epochs run before the class stopped.</param>
public sealed record NeuralCleanseTrigger(int Label, float[] Mask, float[] Pattern, double MaskL1, double AttackSuccess, bool Reached, double Cost, int Epochs)
{
    /// <summary>Fraction of held-out images of other classes the trigger sends to <see cref="Label"/>; null when not measured.</summary>
    public double? HeldOutAttackSuccess { get; init; }
}
