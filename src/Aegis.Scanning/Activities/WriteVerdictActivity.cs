using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Microsoft.DurableTask;

namespace Aegis.Scanning.Activities;

/// <summary>
/// WriteVerdict: builds the verdict with <see cref="VerdictAssembler"/> (cluster details and, when
/// an artifact writer is given, the pictures and report page uploaded beside it, also for a verdict
/// without classes) and writes verdicts/&lt;name&gt;/&lt;scanId&gt;.json, marked advisory when the scan
/// did not run under the server's policy.
/// </summary>
public sealed class WriteVerdictActivity(ScanStorage storage, VerdictBlobs verdicts, IScanArtifacts? artifacts = null)
    : ScanActivity<VerdictRequest, ScanSummary>
{
    protected override async Task<ScanSummary> ExecuteAsync(TaskActivityContext context, VerdictRequest input, CancellationToken cancellationToken)
    {
        var verdict = await BuildAsync(input, cancellationToken);
        if (input.Scan.AdvisoryReason is { } reason)
            verdict = verdict with { Advisory = true, AdvisoryReason = reason };
        if (verdict.Classes.Count == 0)
            await UploadReportPageAsync(input.Scan, verdict, cancellationToken);
        return await verdicts.WriteAsync(input.Scan.ScanId, input.Scan.Source.Name, verdict, cancellationToken);
    }

    private async Task<ScanVerdict> BuildAsync(VerdictRequest request, CancellationToken cancellationToken)
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
            return VerdictBuilder.Failed(outcome, error.Code, error.Message);
        if (request.Cleanse?.Triggers is { } reversed)
            return NeuralCleanseVerdict(outcome, reversed, request.Cleanse.Seconds);
        if (scan.ChosenDetector() is null)
            return VerdictBuilder.NotApplicable(outcome);
        var decision = request.Decision ?? throw new InvalidOperationException("A verdict without an error needs a decision.");

        string? folder = artifacts is null ? null : Path.Combine(Path.GetTempPath(), "aegis-artifacts", $"{scan.ScanId}-{Guid.NewGuid():N}");
        try
        {
            var assembled = await VerdictAssembler.AssembleAsync(outcome, decision, request.Analyses,
                (label, ct) => FeaturesStore.ReadAsync(storage, request.Features.First(f => f.Label == label), ct),
                artifacts, folder, $"{scan.ScanId}/", cancellationToken);
            if (folder is not null)
                await UploadAsync(scan, folder, assembled.Files, cancellationToken);
            return assembled.Verdict;
        }
        finally
        {
            if (folder is not null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Neural Cleanse's verdict: Core's rule over the reversed triggers, against the built-in reference for the training data (and the model's class count) when it has one, as the local scan judges them.</summary>
    private static ScanVerdict NeuralCleanseVerdict(ScanOutcome outcome, ReversedTriggerSet reversed, double seconds)
    {
        var options = outcome.Parameters.NeuralCleanse;
        var reference = reversed.TrainingFingerprint is { } fingerprint ? NeuralCleanseReference.For(fingerprint, outcome.Model.Classes ?? reversed.Triggers.Count) : null;
        var decision = NeuralCleanseRule.Decide(reversed.Triggers, options, reference);
        return VerdictBuilder.NeuralCleanseDetected(outcome with { Timings = outcome.Timings with { NeuralCleanse = seconds } }, NeuralCleanseReport.From(decision, options));
    }

    /// <summary>
    /// The report page of a verdict without classes (an error, a model that is not robust): cheap to
    /// draw, and it lets GET /api/scans/{id}/report answer for every verdict. The verdict matters
    /// more than its page, so a page that cannot be drawn is left out rather than failing the verdict.
    /// </summary>
    private async Task UploadReportPageAsync(PreparedScan scan, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        if (artifacts is null)
            return;
        string folder = Path.Combine(Path.GetTempPath(), "aegis-artifacts", $"{scan.ScanId}-{Guid.NewGuid():N}");
        try
        {
            var files = artifacts.WriteScan(folder, verdict, cancellationToken);
            await UploadAsync(scan, folder, files, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The verdict is written without its page; GET …/report then says so.
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Uploads the drawn files beside the verdict blob, under the scan id.</summary>
    private async Task UploadAsync(PreparedScan scan, string folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        string prefix = WorkPaths.Artifacts(scan.Source.Name, scan.ScanId);
        foreach (var file in files)
            await storage.Verdicts.GetBlobClient(prefix + file).UploadAsync(Path.Combine(folder, file), overwrite: true, cancellationToken);
    }
}
