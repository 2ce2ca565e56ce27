namespace Aegis.Core.Detection;

/// <summary>One class, scanned: its features (with the images they came from) and the analysis of them.</summary>
public sealed record ClassScanResult(ClassFeatures Features, ClassAnalysis Analysis);

/// <summary>
/// Algorithm 1 for one class — the body every driver runs, the command line's detector once per
/// class in order and the pipeline's workers as one unit of work per class: translate seeds toward
/// the class and take penultimate features (steps 1–2, by the model's sandbox through
/// <see cref="IClassFeatureSource"/>), embed with t-SNE and count mean-shift clusters (steps 3–4,
/// here), and check the patches lifted from the translated images on the model (the trigger rule's
/// causal check, by the sandbox through <see cref="ITriggerProbe"/>). Step 5 decides over all classes
/// (<see cref="DecisionRule"/>).
/// </summary>
public sealed class ClassScan(ScanParameters parameters)
{
    /// <param name="probe">Runs the lifted patches on the model; null (or the trigger check disabled) for none.</param>
    /// <param name="progress">Steps 1–2's fraction done, then <see cref="ScanStage.Analysis"/>.</param>
    public async Task<ClassScanResult> RunAsync(int label, IClassFeatureSource model, ITriggerProbe? probe,
        IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        cancellationToken.ThrowIfCancellationRequested();

        // Steps 1–2: seeds of any label translated toward `label`; features of translated and clean images.
        var translation = progress is null ? null : new Progress<double>(f => progress.Report(new ScanProgress(label, ScanStage.Translation, f)));
        var features = await model.GetClassFeaturesAsync(label, translation, cancellationToken).ConfigureAwait(false);

        // Steps 3–4: t-SNE to 2-D, mean shift on the embedding.
        progress?.Report(new ScanProgress(label, ScanStage.Analysis, 0));
        var analysis = await Task.Run(() => ClassAnalyzer.Analyze(features, parameters, cancellationToken), cancellationToken).ConfigureAwait(false);

        // The trigger rule's causal check: the patches the translation grew, stamped on held-out images.
        if (probe is not null && parameters.Trigger.Enabled)
            analysis = await TriggerCheck.RunAsync(features, analysis, parameters.Trigger, probe, cancellationToken).ConfigureAwait(false);
        return new ClassScanResult(features, analysis);
    }
}
