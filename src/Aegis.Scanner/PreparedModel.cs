using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner;

/// <summary>A model checked and described, ready for the per-class work (or not applicable).</summary>
public sealed record PreparedModel
{
    public required ModelInfo Model { get; init; }
    public required DatasetInfo Dataset { get; init; }
    public required IReadOnlyList<int> Classes { get; init; }
    public int ClassCount { get; init; }
    public RobustnessReport? Robustness { get; init; }
    public double RobustnessSeconds { get; init; }
    /// <summary>The input-gate probe; null when it was disabled. When it flagged the model, robustness and features were not checked.</summary>
    public InputGateReport? InputGate { get; init; }
    public double InputGateSeconds { get; init; }

    /// <summary>AEGIS applies: no robustness check, a robust model, or a forced scan.</summary>
    public bool Applicable => Robustness is null || Robustness.Robust || Robustness.Forced;
}
