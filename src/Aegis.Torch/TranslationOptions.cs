namespace Aegis.Torch;

/// <summary>Targeted L2 PGD settings for step 1 of AEGIS (defaults: the paper's 28x28 values).</summary>
public sealed record TranslationOptions
{
    /// <summary>L2 radius of the ball around each seed.</summary>
    public double Epsilon { get; init; } = 100;
    public int Steps { get; init; } = 60;
    /// <summary>L2 length of each step.</summary>
    public double StepSize { get; init; } = 1.0;
    /// <summary>Images per forward/backward pass.</summary>
    public int BatchSize { get; init; } = 250;

    internal void Validate()
    {
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be positive and finite.");
        if (Steps < 0)
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps cannot be negative.");
        if (!(StepSize > 0) || double.IsInfinity(StepSize))
            throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "Step size must be positive and finite.");
        if (BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be positive.");
    }
}
