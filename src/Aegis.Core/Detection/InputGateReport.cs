namespace Aegis.Core.Detection;

/// <summary>The input-gate probe in a verdict (<c>inputGate</c>): one row per change and whether any crossed the line.</summary>
public sealed record InputGateReport
{
    /// <summary>Some change altered more of the model's answers than the line allows: the verdict is backdoored, reason input-gated.</summary>
    public required bool Gated { get; init; }
    /// <summary>Held-out images compared.</summary>
    public required int Images { get; init; }
    /// <summary>The fraction of changed answers above which a change flags the model.</summary>
    public required double Threshold { get; init; }
    public required double MaterialShift { get; init; }
    public required IReadOnlyList<InputGateChange> Changes { get; init; }
    public required string Explanation { get; init; }
}

/// <summary>What one change (<see cref="InputGateVariants"/>) did to the model's answers on the held-out images.</summary>
public sealed record InputGateChange
{
    public required string Name { get; init; }
    /// <summary>Images whose answer changed: a softmax shift above the material shift, or no finite answer.</summary>
    public required int Changed { get; init; }
    /// <summary>Images whose decision (arg max) changed.</summary>
    public required int DecisionsChanged { get; init; }
    /// <summary><see cref="Changed"/> over the images.</summary>
    public required double Rate { get; init; }
    /// <summary><see cref="Rate"/> minus the threshold: positive when the change flags the model.</summary>
    public required double Margin { get; init; }
    /// <summary>The largest softmax shift (total variation) of any image; 1 for an image without a finite answer.</summary>
    public required double LargestShift { get; init; }
    public required bool Flagged { get; init; }
}
