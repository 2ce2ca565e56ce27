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
/// penultimate features (steps 1–2, by the feature source, one label ahead), embed with t-SNE and count mean-shift
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
        ArgumentNullException.ThrowIfNull(labels);
        var analyses = new List<ClassAnalysis>(labels.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Steps 1–2 of the next label run in the feature source (the model's sandbox) while steps 3–4
        // of this one run here: the translation keeps both cores busy only in part, t-SNE fills them.
        // Every step's inputs are fixed by the parameters, so the overlap changes no result.
        Task<ClassFeatures>? next = labels.Count > 0 ? Features(source, labels[0], progress, stop.Token) : null;
        try
        {
            for (int i = 0; i < labels.Count; i++)
            {
                int label = labels[i];
                var features = await next!.ConfigureAwait(false);
                next = i + 1 < labels.Count ? Features(source, labels[i + 1], progress, stop.Token) : null;

                // Steps 3–4: t-SNE to 2-D, mean shift on the embedding.
                progress?.Report(new ScanProgress(label, ScanStage.Analysis, 0));
                var analysis = await Task.Run(() => ClassAnalyzer.Analyze(features, parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (triggerProbe is not null && parameters.Trigger.Enabled)
                {
                    // The probe runs on the model too: it waits until the next label's steps 1–2 are done
                    // (they fail, if at all, on the next turn), so its time is its own.
                    if (next is not null)
                        await Settled(next).ConfigureAwait(false);
                    analysis = await TriggerCheck.RunAsync(features, analysis, parameters.Trigger, triggerProbe, cancellationToken).ConfigureAwait(false);
                }
                analyses.Add(analysis);

                if (ClassAnalysed is not null)
                {
                    progress?.Report(new ScanProgress(label, ScanStage.Report, 0));
                    await ClassAnalysed(features, analysis, cancellationToken).ConfigureAwait(false);
                }
                progress?.Report(new ScanProgress(label, ScanStage.Done, 1));
            }
        }
        finally
        {
            // A class failed: stop the next one's translation too, so nothing runs on once the caller closes the source.
            if (next is not null)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Settled(next).ConfigureAwait(false);
            }
        }

        // Step 5: the decision over all labels.
        return new DetectionResult(analyses, DecisionRule.Decide(analyses, parameters));
    }

    /// <summary>Completes when <paramref name="task"/> does, whichever way; its failure is observed here and surfaces where the task itself is awaited.</summary>
    private static Task Settled(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Steps 1–2: seeds of any label translated toward <paramref name="label"/>; features of translated and clean images.</summary>
    private static Task<ClassFeatures> Features(IClassFeatureSource source, int label, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var translation = progress is null ? null : new Progress<double>(f => progress.Report(new ScanProgress(label, ScanStage.Translation, f)));
        return source.GetClassFeaturesAsync(label, translation, cancellationToken);
    }
}
