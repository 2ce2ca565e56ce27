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
/// Algorithm 1 of the paper, one label at a time: translate seeds toward the label and take
/// penultimate features (steps 1–2, by the feature source), embed with t-SNE and count mean-shift
/// clusters (steps 3–4), check the patches lifted from the translated images on the model (the
/// trigger rule's causal check, when a probe is given), then decide over all labels (step 5).
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
        var analyses = new List<ClassAnalysis>(labels.Count);
        foreach (var label in labels)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Steps 1–2: seeds of any label translated toward `label`; features of translated and clean images.
            var translation = progress is null ? null : new Progress<double>(f => progress.Report(new ScanProgress(label, ScanStage.Translation, f)));
            var features = await source.GetClassFeaturesAsync(label, translation, cancellationToken).ConfigureAwait(false);

            // Steps 3–4: t-SNE to 2-D, mean shift on the embedding.
            progress?.Report(new ScanProgress(label, ScanStage.Analysis, 0));
            var analysis = await Task.Run(() => ClassAnalyzer.Analyze(features, parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (triggerProbe is not null && parameters.Trigger.Enabled)
                analysis = await TriggerCheck.RunAsync(features, analysis, parameters.Trigger, triggerProbe, cancellationToken).ConfigureAwait(false);
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
