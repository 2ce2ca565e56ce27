using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Telemetry;

namespace Aegis.Scanning.Activities;

/// <summary>
/// WriteVerdict: builds the verdict (with cluster details and, when an artifact writer is given,
/// plots and example grids uploaded beside it) and writes verdicts/&lt;name&gt;/&lt;scanId&gt;.json.
/// The blob name depends only on model and scan id, so a rerun overwrites the same verdict.
/// </summary>
public sealed class WriteVerdictActivity(ScanStorage storage, IVerdictArtifactWriter? artifacts)
{
    public async Task<ScanSummary> RunAsync(VerdictRequest request, ActivityContext context, CancellationToken cancellationToken)
    {
        var scan = request.Scan;
        var verdict = await BuildAsync(request, cancellationToken);
        string path = WorkPaths.Verdict(scan.Source.Name, scan.ScanId);
        var blob = storage.Verdicts.GetBlobClient(path);
        await blob.UploadAsync(BinaryData.FromString(VerdictJson.Serialize(verdict)), overwrite: true, cancellationToken);
        ScanTelemetry.RecordScan(verdict.Verdict, verdict.TimingsSeconds.Total);

        return new ScanSummary
        {
            ScanId = scan.ScanId,
            ModelName = scan.Source.Name,
            Verdict = verdict.Verdict,
            SuspiciousClasses = verdict.SuspiciousClasses,
            VerdictBlob = $"{storage.Verdicts.Name}/{path}",
            VerdictUrl = blob.Uri.ToString(),
            ModelSha256 = verdict.Model?.Sha256,
            Error = verdict.Error,
        };
    }

    private async Task<ScanVerdict> BuildAsync(VerdictRequest request, CancellationToken cancellationToken)
    {
        var scan = request.Scan;
        var now = DateTimeOffset.UtcNow;
        var timings = new Timings
        {
            Robustness = scan.RobustnessSeconds,
            Translation = request.Features.Sum(f => f.TranslationSeconds),
            Features = request.Features.Sum(f => f.FeatureSeconds),
            Embedding = request.Analyses.Sum(a => a.EmbeddingSeconds),
            Clustering = request.Analyses.Sum(a => a.ClusteringSeconds),
            Total = scan.RequestedAt == default ? 0 : (now - scan.RequestedAt).TotalSeconds,
        };
        var outcome = new ScanOutcome
        {
            Model = scan.Model ?? new ModelInfo(scan.Source.Name, "", "unknown"),
            Dataset = scan.DatasetInfo ?? new DatasetInfo(scan.Dataset, $"{storage.Datasets.Name}/{scan.Dataset}"),
            Parameters = scan.Parameters,
            Robustness = scan.Robustness,
            Analyses = request.Analyses,
            Timings = timings,
            ScanId = scan.ScanId,
            StartedAt = scan.RequestedAt == default ? null : scan.RequestedAt,
            CompletedAt = now,
        };

        if (request.Error is { } error)
            return VerdictBuilder.Failed(outcome, error.Code, error.Message);
        if (!scan.Applicable)
            return VerdictBuilder.NotApplicable(outcome);
        var decision = request.Decision ?? throw new InvalidOperationException("A verdict without an error needs a decision.");

        var details = new Dictionary<int, IReadOnlyList<ClusterReport>>();
        var artifactPaths = new Dictionary<int, IReadOnlyDictionary<string, string>>();
        string? folder = artifacts is null ? null : Path.Combine(Path.GetTempPath(), "aegis-artifacts", $"{scan.ScanId}-{Guid.NewGuid():N}");
        try
        {
            foreach (var analysis in request.Analyses)
            {
                var featuresRef = request.Features.First(f => f.Label == analysis.Label);
                var features = await FeaturesStore.ReadAsync(storage, featuresRef, cancellationToken);
                details[analysis.Label] = ClusterEvidence.Summarise(features, analysis);
                if (artifacts is not null && folder is not null)
                {
                    var written = artifacts.WriteClass(folder, features, analysis, decision, cancellationToken);
                    artifactPaths[analysis.Label] = await UploadAsync(scan, folder, written, cancellationToken);
                }
            }
        }
        finally
        {
            if (folder is not null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        return VerdictBuilder.Detected(outcome with { ClusterDetails = details, Artifacts = artifactPaths }, decision);
    }

    /// <returns>Artifact name → path relative to the verdict blob's folder.</returns>
    private async Task<IReadOnlyDictionary<string, string>> UploadAsync(PreparedScan scan, string folder, IReadOnlyDictionary<string, string> written, CancellationToken cancellationToken)
    {
        string prefix = WorkPaths.Artifacts(scan.Source.Name, scan.ScanId);
        var relative = new Dictionary<string, string>();
        foreach (var (name, file) in written)
        {
            await storage.Verdicts.GetBlobClient(prefix + file).UploadAsync(Path.Combine(folder, file), overwrite: true, cancellationToken);
            relative[name] = $"{scan.ScanId}/{file}";
        }
        return relative;
    }
}
