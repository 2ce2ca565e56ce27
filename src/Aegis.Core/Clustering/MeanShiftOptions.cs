namespace Aegis.Core.Clustering;

/// <summary>Mean shift settings, named and defaulted like scikit-learn 1.2's <c>MeanShift</c>.</summary>
public sealed record MeanShiftOptions
{
    /// <summary>Seed from grid bins of width bandwidth instead of from every point.</summary>
    public bool BinSeeding { get; init; }

    public int MinBinFrequency { get; init; } = 1;

    /// <summary>Label points outside every kernel with the nearest centre (true) or -1 (false).</summary>
    public bool ClusterAll { get; init; } = true;

    public int MaxIterations { get; init; } = 300;
    public int? MaxDegreeOfParallelism { get; init; }
}
