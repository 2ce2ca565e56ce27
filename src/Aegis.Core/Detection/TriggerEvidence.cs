namespace Aegis.Core.Detection;

/// <summary>What the causal check found for one class: its strongest patch and how many images it moved.</summary>
public sealed record TriggerEvidence
{
    /// <summary>
    /// The statistic the trigger rule judges: the median, over the other classes, of the fraction of
    /// their held-out images the model calls this class once the strongest patch is stamped on.
    /// A trigger works from (nearly) any origin; an innocent patch moves at most a neighbouring class.
    /// </summary>
    public required double Flip { get; init; }
    /// <summary>Fraction of all stamped held-out images called this class, with the same patch.</summary>
    public required double OverallFlip { get; init; }
    /// <summary>Per origin class: the fraction of its stamped images called this class.</summary>
    public required IReadOnlyDictionary<int, double> OriginFlip { get; init; }
    /// <summary>Which translated images the strongest patch came from ("all" or "cluster-K").</summary>
    public required string Source { get; init; }
    /// <summary>The strongest patch itself, for the report.</summary>
    public required TriggerCandidate Patch { get; init; }
    /// <summary>Patches tried.</summary>
    public required int Candidates { get; init; }
    /// <summary>Held-out images stamped with each patch.</summary>
    public required int Probes { get; init; }
    /// <summary>
    /// The single origin class that any of the class's patches moved most (<see cref="PeakFlip"/> of its
    /// probed images); null when nothing was probed. An all-to-all backdoor sends each class's images
    /// to one other class, so its target's trigger shows here even though the median origin stays put.
    /// </summary>
    public int? PeakOrigin { get; init; }
    public double PeakFlip { get; init; }
    /// <summary>Images of <see cref="PeakOrigin"/> that were stamped.</summary>
    public int PeakProbes { get; init; }
    /// <summary>
    /// The largest matching one of the class's patches makes on its own: per origin, the class most of its stamped
    /// images go to (<see cref="AllToAllRule.FromDestinations"/>). An all-to-all trigger lifted from any one target's
    /// translations sends every class to its own target; an innocent or one-target patch sends classes to one or two.
    /// </summary>
    public AllToAllFinding Matching { get; init; } = AllToAllFinding.None;
}
