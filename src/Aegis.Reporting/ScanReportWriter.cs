using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// Writes a scan's pictures under one folder with stable names — class-7/embedding.png,
/// class-7/evidence.png, class-7/cluster-0.png, …, overview.png — each atomically, and returns
/// the relative paths for <see cref="ClassReport.Artifacts"/>.
/// </summary>
public sealed class ScanReportWriter
{
    public const string OverviewFile = "overview.png";

    private readonly string _root;
    private readonly ScanReportOptions _options;

    public ScanReportWriter(string outputDirectory, ScanReportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        _root = Path.GetFullPath(outputDirectory);
        _options = options ?? new ScanReportOptions();
    }

    public static string ClassFolder(int label) => $"class-{label}";

    /// <summary>
    /// Writes one class's embedding plot, evidence picture and one example grid per cluster.
    /// Returns artifact name → path relative to the output folder ("embedding", "evidence", "cluster-0", …).
    /// </summary>
    public IReadOnlyDictionary<string, string> WriteClass(ClassFeatures features, ClassAnalysis analysis, Decision decision,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ClusterEvidence.Validate(features, analysis);
        var artifacts = new Dictionary<string, string>();
        string folder = ClassFolder(analysis.Label);

        double? index = decision.AnomalyIndex.TryGetValue(analysis.Label, out var z) ? z : null;
        bool suspicious = decision.SuspiciousClasses.Contains(analysis.Label);
        using (var embedding = EmbeddingPlot.Render(analysis, index, suspicious, _options.Embedding))
            artifacts["embedding"] = Write(folder, "embedding.png", embedding);
        cancellationToken.ThrowIfCancellationRequested();

        using (var evidence = EvidenceImages.Render(features, analysis, _options.Evidence))
            artifacts["evidence"] = Write(folder, "evidence.png", evidence);

        for (int cluster = 0; cluster < analysis.ClusterCount; cluster++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var examples = ClusterExamples.Render(features, analysis, cluster, _options.MaxExamplesPerCluster, _options.Grid);
            if (examples is not null)
                artifacts[$"cluster-{cluster}"] = Write(folder, $"cluster-{cluster}.png", examples);
        }
        return artifacts;
    }

    /// <summary>Writes overview.png (anomaly index and cluster count per class) and returns its relative path.</summary>
    public string WriteOverview(IReadOnlyList<ClassReport> classes, ScanParameters parameters)
    {
        using var overview = OverviewPlot.Render(classes, parameters, _options.Overview);
        return Write(null, OverviewFile, overview);
    }

    private string Write(string? folder, string file, SKBitmap bitmap)
    {
        string relative = folder is null ? file : $"{folder}/{file}";
        AtomicFile.WriteAllBytes(Path.Combine(_root, relative), Png.Encode(bitmap));
        return relative;
    }
}
