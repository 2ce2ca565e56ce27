using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting;

/// <summary>The scan's pictures for <see cref="VerdictAssembler"/>, drawn by <see cref="ScanReportWriter"/>, the same for every driver.</summary>
public sealed class ReportArtifacts(ScanReportOptions? options = null) : IScanArtifacts
{
    public IReadOnlyDictionary<string, string> WriteClass(string directory, ClassFeatures features, ClassAnalysis analysis, Decision decision, CancellationToken cancellationToken) =>
        new ScanReportWriter(directory, options).WriteClass(features, analysis, decision, cancellationToken);

    /// <summary>overview.png, then report.html, which embeds it and every class's pictures.</summary>
    public IReadOnlyList<string> WriteScan(string directory, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var files = new List<string>();
        if (verdict.Parameters is { } parameters && verdict.Classes.Count > 0)
            files.Add(new ScanReportWriter(directory, options).WriteOverview(verdict.Classes, parameters));
        cancellationToken.ThrowIfCancellationRequested();
        ReportPage.Write(verdict, directory, ArtifactPrefix(verdict));
        files.Add(ReportPage.FileName);
        return files;
    }

    public (IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>> Classes, string Overview) WriteNeuralCleanse(string directory,
        IReadOnlyList<NeuralCleanseTrigger> triggers, NeuralCleanseDecision decision, ImageShape shape, CancellationToken cancellationToken) =>
        NeuralCleanseArtifacts.Write(directory, triggers, decision, shape, cancellationToken);

    /// <summary>The pipeline's "scanId/" that it puts before every artifact of a verdict (AEGIS's classes or Neural Cleanse's); "" on the command line.</summary>
    private static string ArtifactPrefix(ScanVerdict verdict)
    {
        var cleanse = verdict.NeuralCleanse is { } report ? report.Classes.SelectMany(c => c.Artifacts.Values).Append(report.Overview).OfType<string>() : [];
        var paths = verdict.Classes.SelectMany(c => c.Artifacts.Values).Concat(cleanse).ToArray();
        return verdict.ScanId is { Length: > 0 } id && paths.Length > 0 && paths.All(p => p.StartsWith(id + "/", StringComparison.Ordinal))
            ? id + "/"
            : "";
    }
}
