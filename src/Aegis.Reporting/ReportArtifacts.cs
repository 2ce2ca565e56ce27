using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Reporting;

/// <summary>The scan's pictures for <see cref="VerdictAssembler"/>, drawn by <see cref="ScanReportWriter"/>, the same for every driver.</summary>
public sealed class ReportArtifacts(ScanReportOptions? options = null) : IScanArtifacts
{
    public IReadOnlyDictionary<string, string> WriteClass(string directory, ClassFeatures features, ClassAnalysis analysis, Decision decision, CancellationToken cancellationToken) =>
        new ScanReportWriter(directory, options).WriteClass(features, analysis, decision, cancellationToken);

    public IReadOnlyList<string> WriteScan(string directory, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Parameters is { } parameters && verdict.Classes.Count > 0
            ? [new ScanReportWriter(directory, options).WriteOverview(verdict.Classes, parameters)]
            : [];
    }
}
