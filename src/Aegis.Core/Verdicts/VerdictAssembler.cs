using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>A detected verdict and the files drawn beside it (relative to the artifact folder).</summary>
public sealed record AssembledVerdict(ScanVerdict Verdict, IReadOnlyList<string> Files);

/// <summary>
/// Step 5's paperwork, the same for every driver: each class's cluster evidence and pictures, the
/// stage timings, the verdict and the whole-scan pictures. The command line hands it features it
/// kept in memory; the pipeline reads them back from their blobs.
/// </summary>
public static class VerdictAssembler
{
    /// <param name="outcome">Model, dataset, parameters, robustness; its timings give the robustness and total seconds.</param>
    /// <param name="featuresOf">The features of a scanned class (one call per class, in label order).</param>
    /// <param name="artifacts">Draws the pictures into <paramref name="directory"/>; null for none.</param>
    /// <param name="artifactPrefix">Prepended to each picture's path in the verdict (the pipeline's "scanId/").</param>
    public static async Task<AssembledVerdict> AssembleAsync(ScanOutcome outcome, Decision decision, IReadOnlyList<ClassAnalysis> analyses,
        Func<int, CancellationToken, Task<ClassFeatures>> featuresOf, IScanArtifacts? artifacts, string? directory,
        string artifactPrefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(featuresOf);
        if (artifacts is not null && directory is null)
            throw new ArgumentException("Pictures need a folder to be drawn in.", nameof(directory));

        var details = new Dictionary<int, IReadOnlyList<ClusterReport>>();
        var paths = new Dictionary<int, IReadOnlyDictionary<string, string>>();
        var files = new List<string>();
        double translation = 0, features = 0;
        foreach (var analysis in analyses.OrderBy(a => a.Label))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var classFeatures = await featuresOf(analysis.Label, cancellationToken).ConfigureAwait(false);
            translation += classFeatures.TranslationSeconds;
            features += classFeatures.FeatureSeconds;
            details[analysis.Label] = ClusterEvidence.Summarise(classFeatures, analysis);
            if (artifacts is not null)
            {
                var written = artifacts.WriteClass(directory!, classFeatures, analysis, decision, cancellationToken);
                files.AddRange(written.Values);
                paths[analysis.Label] = written.ToDictionary(p => p.Key, p => artifactPrefix + p.Value);
            }
        }

        var verdict = VerdictBuilder.Detected(outcome with
        {
            ClusterDetails = details,
            Artifacts = paths,
            Analyses = analyses,
            Timings = outcome.Timings with
            {
                Translation = translation,
                Features = features,
                Embedding = analyses.Sum(a => a.EmbeddingSeconds),
                Clustering = analyses.Sum(a => a.ClusteringSeconds),
                TriggerProbe = analyses.Sum(a => a.ProbeSeconds),
            },
        }, decision);
        if (artifacts is not null)
            files.AddRange(artifacts.WriteScan(directory!, verdict, cancellationToken));
        return new AssembledVerdict(verdict, files);
    }
}
