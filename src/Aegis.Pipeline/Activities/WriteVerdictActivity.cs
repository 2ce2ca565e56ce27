using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// WriteVerdict: builds the verdict from the scan's blobs — AEGIS's with <see cref="VerdictAssembler"/>
/// over the classes' analyses and features and the decision, Neural Cleanse's with
/// <see cref="NeuralCleanseVerdict"/> over the reversed triggers, both as the command line assembles them
/// — and, when an artifact writer is given, draws its pictures and report page (also for a verdict
/// without pictures) and uploads them beside it; then writes verdicts/&lt;name&gt;/&lt;scanId&gt;.json,
/// marked advisory when the scan did not run under the server's policy, naming the host that wrote
/// it and the worker of every class.
/// </summary>
public sealed class WriteVerdictActivity(ScanStorage storage, JobResults results, VerdictBlobs verdicts, IScanArtifacts? artifacts = null)
    : ScanActivity<VerdictRequest, ScanSummary>
{
    protected override async Task<ScanSummary> ExecuteAsync(TaskActivityContext context, VerdictRequest input, CancellationToken cancellationToken)
    {
        var scan = input.Scan;
        string? folder = artifacts is null ? null : Path.Combine(Path.GetTempPath(), "aegis-artifacts", $"{scan.ScanId}-{Guid.NewGuid():N}");
        try
        {
            var (verdict, files) = await BuildAsync(input, folder, cancellationToken);
            verdict = verdict with
            {
                Pipeline = new PipelineInfo(storage.Settings.HostId ?? Environment.MachineName) { Run = input.Run, Trigger = scan.Trigger },
            };
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
            InputGate = scan.InputGate,
            Timings = new Timings
            {
                Robustness = scan.RobustnessSeconds,
                InputGate = scan.InputGateSeconds,
                Total = scan.RequestedAt == default ? 0 : (now - scan.RequestedAt).TotalSeconds,
            },
            ScanId = scan.ScanId,
            StartedAt = scan.RequestedAt == default ? null : scan.RequestedAt,
            CompletedAt = now,
        };

        if ((request.Error ?? scan.Error) is { } error)
            return (VerdictBuilder.Failed(outcome, error.Code, error.Message), []);
        switch (scan.ChosenDetector())
        {
            case null:
                return (scan.InputGate is { Gated: true } ? VerdictBuilder.InputGated(outcome) : VerdictBuilder.NotApplicable(outcome), []);
            case Detectors.NeuralCleanse:
                return await NeuralCleanseAsync(outcome with { Timings = outcome.Timings with { NeuralCleanse = request.NeuralCleanseSeconds } }, scan, folder, cancellationToken);
        }

        var decision = PipelineJson.Deserialize<Decision>(await ScanStorage.ReadTextAsync(storage.Work, WorkPaths.Decision(scan.ScanId), cancellationToken)
            ?? throw new InvalidDataException($"Scan {scan.ScanId} has no decision to write a verdict from."));
        var analyses = new List<ClassAnalysis>(scan.Classes.Count);
        foreach (int label in scan.Classes)
            analyses.Add(await results.ReadAnalysisAsync(scan.ScanId, label, 0, scan.Parameters, cancellationToken));
        var assembled = await VerdictAssembler.AssembleAsync(outcome, decision, analyses,
            (label, ct) => results.ReadFeaturesAsync(scan.ScanId, label, analyses.First(a => a.Label == label), ct),
            artifacts, folder, ArtifactPrefix(scan.ScanId), cancellationToken);
        var classes = new List<ClassReport>(assembled.Verdict.Classes.Count);
        foreach (var report in assembled.Verdict.Classes)
        {
            var done = await results.ReadOutcomeAsync(scan.ScanId, ScanJob.NameOf(JobKinds.ScanClass, report.Label, 0), cancellationToken);
            classes.Add(report with { Worker = done?.Worker });
        }
        return (assembled.Verdict with { Classes = classes }, assembled.Files);
    }

    /// <summary>Neural Cleanse's verdict over the reversed triggers, judged against the training data's built-in reference.</summary>
    private async Task<(ScanVerdict Verdict, IReadOnlyList<string> Files)> NeuralCleanseAsync(ScanOutcome outcome, PreparedScan scan, string? folder, CancellationToken cancellationToken)
    {
        var set = await results.ReadTriggersAsync(scan.ScanId, scan.Classes, outcome.Model.Classes ?? scan.Classes.Count, outcome.Model.InputShape ?? "", scan.Parameters, cancellationToken);
        var reference = set.TrainingFingerprint is { } fingerprint ? NeuralCleanseReference.For(fingerprint, outcome.Model.Classes ?? set.Triggers.Count) : null;
        var assembled = NeuralCleanseVerdict.Assemble(outcome, set.Triggers, reference, set.Shape, artifacts, folder, ArtifactPrefix(scan.ScanId), set.AllToAll, cancellationToken);
        return (assembled.Verdict, assembled.Files);
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
