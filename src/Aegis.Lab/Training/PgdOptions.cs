namespace Aegis.Lab.Training;

public enum PgdNorm
{
    L2,
    LInf,
}

/// <summary>
/// A PGD budget (Madry et al.): the ball of radius <paramref name="Epsilon"/> in the given norm,
/// <paramref name="Steps"/> steps of <paramref name="StepSize"/>, optionally from a random start.
/// </summary>
public sealed record PgdOptions(PgdNorm Norm, float Epsilon, int Steps, float StepSize, bool RandomInit = true)
{
    /// <summary>The fixtures' budget for 28x28 data: L2, radius 1.5, 5 steps of 0.75.</summary>
    public static PgdOptions FashionMnistL2 { get; } = new(PgdNorm.L2, 1.5f, 5, 0.75f);

    public void Validate()
    {
        if (!(Epsilon > 0) || Steps < 1 || !(StepSize > 0))
            throw new ArgumentException($"PGD needs epsilon > 0, steps >= 1 and step size > 0 (got {Epsilon}, {Steps}, {StepSize}).");
    }
}
