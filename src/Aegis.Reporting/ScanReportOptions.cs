namespace Aegis.Reporting;

public sealed record ScanReportOptions
{
    /// <summary>Most example images shown per cluster (translated, and again clean when the cluster is mostly clean).</summary>
    public int MaxExamplesPerCluster { get; init; } = 32;
    public ImageGridOptions Grid { get; init; } = new();
    public EvidenceImagesOptions Evidence { get; init; } = new();
    public EmbeddingPlotOptions Embedding { get; init; } = new();
    public OverviewPlotOptions Overview { get; init; } = new();
}
