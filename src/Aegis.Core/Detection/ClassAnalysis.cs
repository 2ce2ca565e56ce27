namespace Aegis.Core.Detection;

/// <summary>
/// Steps 3–4 of AEGIS for one label, plus the translation-shift statistic: everything the
/// decision rules and the report need, and nothing heavy (no features), so it serialises small.
/// </summary>
public sealed record ClassAnalysis
{
    public required int Label { get; init; }
    public required int TranslatedCount { get; init; }
    public required int CleanCount { get; init; }
    /// <summary>t-SNE embedding, row-major (N x 2); translated rows first, then clean rows.</summary>
    public required double[] Embedding { get; init; }
    /// <summary>Mean-shift cluster of each embedded row.</summary>
    public required int[] ClusterLabels { get; init; }
    public required int ClusterCount { get; init; }
    public required double Bandwidth { get; init; }
    /// <summary>‖mean(translated) − mean(clean)‖ / RMS spread of clean features, in feature space.</summary>
    public required double Shift { get; init; }
    /// <summary>Fraction of translated images whose features lie nearest this class's clean centroid; null without centroids.</summary>
    public double? Landing { get; init; }
    public double TranslationSuccess { get; init; }
    /// <summary>The causal check's strongest patch and its flip rates; null when the check did not run.</summary>
    public TriggerEvidence? Trigger { get; init; }
    public double EmbeddingSeconds { get; init; }
    public double ClusteringSeconds { get; init; }
    /// <summary>The trigger rule's causal check (forward passes of stamped held-out images); 0 when it did not run.</summary>
    public double ProbeSeconds { get; init; }

    public bool IsTranslated(int row) => row < TranslatedCount;
}
