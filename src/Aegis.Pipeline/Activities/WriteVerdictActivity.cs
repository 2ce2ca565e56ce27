using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// WriteVerdict: builds the verdict — AEGIS's with <see cref="VerdictAssembler"/> (cluster details),
/// Neural Cleanse's with Core's <see cref="NeuralCleanseRule"/> — and, when an artifact writer is
/// given, draws its pictures and report page (also for a verdict without pictures) and uploads them
/// beside it; then writes verdicts/&lt;name&gt;/&lt;scanId&gt;.json, marked advisory when the scan did
/// not run under the server's policy.
/// </summary>
public sealed class WriteVerdictActivity(ScanStorage storage, VerdictBlobs verdicts, IScanArtifacts? artifacts = null)
    : ScanActivity<VerdictRequest, ScanSummary>
{
    protected override async Task<ScanSummary> ExecuteAsync(TaskActivityContext context, VerdictRequest input, CancellationToken cancellationToken)
    {
        var scan = input.Scan;
        string? folder = artifacts is null ? null : Path.Combine(Path.GetTempPath(), "aegis-artifacts", $"{scan.ScanId}-{Guid.NewGuid():N}");
        try
        {
            var (verdict, files) = await BuildAsync(input, folder, cancellationToken);
            if (scan.AdvisoryReason is { } reason)
                verdict = verdict with { Advisory = true, AdvisoryReason = reason };
            if (folder is not null && verdict.Classes.Count == 0)
                files = [.. files, .. ReportPage(folder, verdict, cancellationToken)];
            if (folder is not null)
                await UploadAsync(scan, folder, files, cancellationToken);
            return await verdicts.WriteAsync(scan.ScanId, scan.Source.Name, verdict, cancellationToken);
        }
        finally
        {
            if (folder is not null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <returns>The verdict, and the files drawn for it in <paramref name="folder"/> (none without a folder).</returns>
    private async Task<(ScanVerdict Verdict, IReadOnlyList<string> Files)> BuildAsync(VerdictRequest request, string? folder, CancellationToken cancellationToken)
    {
        var scan = request.Scan;
        var now = DateTimeOffset.UtcNow;
        var outcome = new ScanOutcome
        {
            Model = scan.Model ?? new ModelInfo(scan.Source.Name, "", "unknown"),
            Dataset = scan.DatasetInfo ?? new DatasetInfo(scan.Dataset, $"{storage.Datasets.Name}/{scan.Dataset}"),
            Parameters = scan.Parameters,
            Robustness = scan.Robustness,
            Analyses = request.Analyses,
            Timings = new Timings
            {
                Robustness = scan.RobustnessSeconds,
                Total = scan.RequestedAt == default ? 0 : (now - scan.RequestedAt).TotalSeconds,
            },
            ScanId = scan.ScanId,
            StartedAt = scan.RequestedAt == default ? null : scan.RequestedAt,
            CompletedAt = now,
        };

        if (request.Error is { } error)
            return (VerdictBuilder.Failed(outcome, error.Code, error.Message), []);
        if (request.Cleanse?.Triggers is { } reversed)
            return NeuralCleanseVerdict(outcome, reversed, request.Cleanse.Seconds, folder, cancellationToken);
        if (scan.ChosenDetector() is null)
            return (VerdictBuilder.NotApplicable(outcome), []);
        var decision = request.Decision ?? throw new InvalidOperationException("A verdict without an error needs a decision.");
        var assembled = await VerdictAssembler.AssembleAsync(outcome, decision, request.Analyses,
            (label, ct) => FeaturesStore.ReadAsync(storage, request.Features.First(f => f.Label == label), ct),
            artifacts, folder, ArtifactPrefix(scan.ScanId), cancellationToken);
        return (assembled.Verdict, assembled.Files);
    }

    /// <summary>
    /// Neural Cleanse's verdict: Core's rule over the reversed triggers, against the built-in reference
    /// for the training data (and the model's class count) when it has one, as the local scan judges
    /// them; with its pictures when there is a folder to draw them in.
    /// </summary>
    private (ScanVerdict Verdict, IReadOnlyList<string> Files) NeuralCleanseVerdict(ScanOutcome outcome, ReversedTriggerSet reversed, double seconds,
        string? folder, CancellationToken cancellationToken)
    {
        var options = outcome.Parameters.NeuralCleanse;
        var reference = reversed.TrainingFingerprint is { } fingerprint ? NeuralCleanseReference.For(fingerprint, outcome.Model.Classes ?? reversed.Triggers.Count) : null;
        var decision = NeuralCleanseRule.Decide(reversed.Triggers, options, reference);
        var report = NeuralCleanseReport.From(decision, options);
        IReadOnlyList<string> files = [];
        if (folder is not null)
        {
            var (pictures, overview) = artifacts!.WriteNeuralCleanse(folder, reversed.Triggers, decision, reversed.Shape, cancellationToken);
            string prefix = ArtifactPrefix(outcome.ScanId!);
            report = NeuralCleanseReport.From(decision, options,
                pictures.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value.ToDictionary(a => a.Key, a => prefix + a.Value)), prefix + overview);
            files = [.. pictures.Values.SelectMany(p => p.Values), overview];
        }
        return (VerdictBuilder.NeuralCleanseDetected(outcome with { Timings = outcome.Timings with { NeuralCleanse = seconds } }, report), files);
    }

    /// <summary>
    /// The report page of a verdict without classes (an error, a model that is not robust, Neural
    /// Cleanse's): it lets GET /api/scans/{id}/report answer for every verdict. The verdict matters
    /// more than its page, so a page that cannot be drawn is left out rather than failing the verdict.
    /// </summary>
    private IReadOnlyList<string> ReportPage(string folder, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        try
        {
            return artifacts!.WriteScan(folder, verdict, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The verdict is written without its page; GET …/report then says so.
            return [];
        }
    }

    /// <summary>Artifact paths in the verdict are relative to the verdict blob's folder: "scanId/…".</summary>
    private static string ArtifactPrefix(string scanId) => $"{scanId}/";

    /// <summary>Uploads the drawn files beside the verdict blob, under the scan id.</summary>
    private async Task UploadAsync(PreparedScan scan, string folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        string prefix = WorkPaths.Artifacts(scan.Source.Name, scan.ScanId);
        foreach (var file in files)
            await storage.Verdicts.GetBlobClient(prefix + file).UploadAsync(Path.Combine(folder, file), overwrite: true, cancellationToken);
    }
}
