namespace Aegis.Core.Detection;

/// <summary>Where a scan is, for progress displays.</summary>
public enum ScanStage
{
    Translation,
    Analysis,
    Report,
    Done,
}

public readonly record struct ScanProgress(int Label, ScanStage Stage, double Fraction);

/// <summary>The analyses of every scanned class and the decision over them.</summary>
public sealed record DetectionResult(IReadOnlyList<ClassAnalysis> Classes, Decision Decision);

/// <summary>
/// Algorithm 1 of the paper over a model's classes: <see cref="ClassScan"/> for one label at a time
/// (translation and features, t-SNE and mean shift, the trigger check), then the decision over all
/// labels (step 5).
/// </summary>
public sealed class AegisDetector(ScanParameters parameters, ITriggerProbe? triggerProbe = null)
{
    /// <summary>Called once per class while its images are still in memory, e.g. to draw the evidence.</summary>
    public Func<ClassFeatures, ClassAnalysis, CancellationToken, Task>? ClassAnalysed { get; init; }

    public async Task<DetectionResult> DetectAsync(
        IClassFeatureSource source,
        IReadOnlyList<int> labels,
        IProgress<ScanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scan = new ClassScan(parameters);
        var analyses = new List<ClassAnalysis>(labels.Count);
        foreach (var label in labels)
        {
            var (features, analysis) = await scan.RunAsync(label, source, triggerProbe, progress, cancellationToken).ConfigureAwait(false);
            analyses.Add(analysis);
            if (ClassAnalysed is not null)
            {
                progress?.Report(new ScanProgress(label, ScanStage.Report, 0));
                await ClassAnalysed(features, analysis, cancellationToken).ConfigureAwait(false);
            }
            progress?.Report(new ScanProgress(label, ScanStage.Done, 1));
        }

        // Step 5: the decision over all labels.
        return new DetectionResult(analyses, DecisionRule.Decide(analyses, parameters));
    }
}
