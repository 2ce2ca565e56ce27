using Aegis.Lab.Triggers;

namespace Aegis.Lab.Training;

/// <summary>
/// Poisoning: <c>Rate * N</c> triggered copies of training images not of the target class,
/// relabelled to <paramref name="Target"/>, are added to the data (paper: 1% visible, 30% invisible).
/// </summary>
public sealed record PoisonOptions(TriggerSpec Trigger, double Rate, int Target = 7)
{
    public void Validate(int classCount)
    {
        if (!(Rate > 0) || Rate > 1)
            throw new ArgumentException($"Poison rate must be in (0,1] (got {Rate}).");
        if (Target < 0 || Target >= classCount)
            throw new ArgumentException($"Target label {Target} is outside 0..{classCount - 1}.");
    }
}
