using System.Diagnostics;
using Aegis.Core.Clustering;
using Aegis.Core.Embedding;

namespace Aegis.Core.Detection;

/// <summary>Steps 3–4 of AEGIS for one label: t-SNE of the features, mean shift on the embedding.</summary>
public static class ClassAnalyzer
{
    public static ClassAnalysis Analyze(ClassFeatures features, ScanParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(parameters);

        // Step 3: translated and clean features embedded together, translated rows first.
        var clock = Stopwatch.StartNew();
        var all = Matrix.VerticalConcat(features.Translated, features.Clean);
        var embedding = TSne.Embed(all, new TSneOptions { Perplexity = parameters.Perplexity, Seed = parameters.RandomSeed }, null, cancellationToken);
        double embeddingSeconds = clock.Elapsed.TotalSeconds;

        // Step 4: mean shift with scikit-learn's bandwidth estimate unless one is given.
        clock.Restart();
        double bandwidth = parameters.Bandwidth ?? BandwidthEstimator.Estimate(embedding, 2, parameters.BandwidthQuantile, seed: parameters.RandomSeed);
        var clusters = MeanShift.Fit(embedding, 2, bandwidth, cancellationToken: cancellationToken);
        double clusteringSeconds = clock.Elapsed.TotalSeconds;

        return new ClassAnalysis
        {
            Label = features.Label,
            TranslatedCount = features.Translated.Rows,
            CleanCount = features.Clean.Rows,
            Embedding = embedding,
            ClusterLabels = clusters.Labels,
            ClusterCount = clusters.ClusterCount,
            Bandwidth = bandwidth,
            Shift = TranslationShift.Compute(features.Translated, features.Clean),
            Landing = features.ClassCentroids is { } centroids ? TranslationLanding.Compute(features.Translated, centroids, features.Label) : null,
            TranslationSuccess = features.TranslationSuccess,
            EmbeddingSeconds = embeddingSeconds,
            ClusteringSeconds = clusteringSeconds,
        };
    }
}
