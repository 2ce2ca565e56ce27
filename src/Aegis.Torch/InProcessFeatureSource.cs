using Aegis.Core;
using System.Diagnostics;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;

namespace Aegis.Torch;

/// <summary>
/// Steps 1–2 of AEGIS for one label, computed in this process: <see cref="ScanParameters.Seeds"/> seeds
/// drawn from the whole training set, translated toward the label, and the penultimate features of
/// those images and of <see cref="ScanParameters.CleanPerClass"/> clean training images of the label.
/// Sampling depends only on <see cref="ScanParameters.RandomSeed"/> and the label, so a rerun (or
/// another worker) reproduces the same class.
/// </summary>
public sealed class InProcessFeatureSource : IClassFeatureSource
{
    private readonly IImageClassifier _model;
    private readonly ImageDataset _training;
    private readonly ScanParameters _parameters;
    private readonly Lock _cleanGate = new();
    private (Matrix[] Features, Matrix Centroids)? _clean;

    public InProcessFeatureSource(IImageClassifier model, ImageDataset training, ScanParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(parameters);
        DatasetCompatibility.EnsureMatches(model, training);
        _model = model;
        _training = training;
        _parameters = parameters;
    }

    public Task<ClassFeatures> GetClassFeaturesAsync(int label, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        if (label < 0 || label >= _model.ClassCount)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in 0..{_model.ClassCount - 1}.");
        return Task.Run(() => Compute(label, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Seed for the translation seeds of a label; distinct per label and from <see cref="CleanSampleSeed"/>.</summary>
    public static int SeedSampleSeed(int randomSeed, int label) => unchecked(randomSeed * 1_000_003 + 2 * label);

    public static int CleanSampleSeed(int randomSeed, int label) => unchecked(randomSeed * 1_000_003 + 2 * label + 1);

    /// <summary>
    /// Features of the clean sample of every class, extracted once: each class embeds its own
    /// sample, and their means are the centroids the landing check compares against, so every
    /// worker derives the same ones.
    /// </summary>
    private (Matrix[] Features, Matrix Centroids) CleanFeatures(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        lock (_cleanGate)
            return _clean ??= ExtractCleanFeatures(progress, cancellationToken);
    }

    private (Matrix[] Features, Matrix Centroids) ExtractCleanFeatures(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(_model, Math.Max(_parameters.BatchSize, 1));
        var features = new Matrix[_model.ClassCount];
        var centroids = new Matrix(_model.ClassCount, _model.FeatureDimension);
        for (int k = 0; k < _model.ClassCount; k++)
        {
            var indices = CleanIndices(k);
            if (indices.Length == 0)
                throw new DatasetMismatchException($"The training data has no images of class {k}; AEGIS needs clean images of every class.");
            features[k] = extractor.Extract(_training.GetImages(indices), cancellationToken, progress);
            var mean = features[k].ColumnMeans();
            var row = centroids.Row(k);
            for (int d = 0; d < mean.Length; d++)
                row[d] = (float)mean[d];
        }
        return (features, centroids);
    }

    private int[] CleanIndices(int label) => _training.Sample(_parameters.CleanPerClass, CleanSampleSeed(_parameters.RandomSeed, label), label);

    private ClassFeatures Compute(int label, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var shape = _model.InputShape;
        var seedIndices = _training.Sample(_parameters.Seeds, SeedSampleSeed(_parameters.RandomSeed, label));
        // Every class's clean features come first (once per source); they report no fraction of their own, only that work goes on.
        var clock = Stopwatch.StartNew();
        var (cleanFeatures, centroids) = CleanFeatures(progress is null ? null : new ScaledProgress(progress, 0), cancellationToken);
        double cleanSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var options = new TranslationOptions
        {
            Epsilon = _parameters.EpsilonFor(shape),
            Steps = _parameters.Steps,
            StepSize = _parameters.StepSize,
            BatchSize = _parameters.BatchSize,
        };
        // Translation dominates the cost; features take the last few percent of the progress bar.
        var translationProgress = progress is null ? null : new ScaledProgress(progress, 0.95);
        var translated = new ImageTranslator(_model).Translate(_training.GetImages(seedIndices), label, options, translationProgress, cancellationToken);
        double translationSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var translatedFeatures = new FeatureExtractor(_model, Math.Max(_parameters.BatchSize, 1)).Extract(translated.Images, cancellationToken);
        double featureSeconds = cleanSeconds + clock.Elapsed.TotalSeconds;
        progress?.Report(1.0);

        return new ClassFeatures
        {
            Label = label,
            Translated = translatedFeatures,
            Clean = cleanFeatures[label],
            Shape = shape,
            TranslatedImages = translated.Images,
            CleanImages = _training.GetImages(CleanIndices(label)),
            ClassCentroids = centroids,
            SeedLabels = seedIndices.Select(i => _training.Labels[i]).ToArray(),
            TranslationSuccess = translated.SuccessRate,
            TranslationSeconds = translationSeconds,
            FeatureSeconds = featureSeconds,
        };
    }
}
