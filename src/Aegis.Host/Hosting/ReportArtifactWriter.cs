using Aegis.Core.Detection;
using Aegis.Reporting;
using Aegis.Scanning.Activities;

namespace Aegis.Host.Hosting;

/// <summary>Per-class plots and cluster example grids beside the verdict, drawn by Aegis.Reporting.</summary>
public sealed class ReportArtifactWriter : IVerdictArtifactWriter
{
    public IReadOnlyDictionary<string, string> WriteClass(string directory, ClassFeatures features, ClassAnalysis analysis, Decision decision, CancellationToken cancellationToken) =>
        new ScanReportWriter(directory).WriteClass(features, analysis, decision, cancellationToken);
}
