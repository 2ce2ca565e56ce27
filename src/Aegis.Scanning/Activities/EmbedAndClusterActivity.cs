using Aegis.Core.Detection;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Telemetry;
using Microsoft.DurableTask;

namespace Aegis.Scanning.Activities;

/// <summary>EmbedAndCluster(c): steps 3–4 of AEGIS — read the class's features blob, t-SNE it to 2-D, cluster with mean shift.</summary>
public sealed class EmbedAndClusterActivity(ScanStorage storage, IClassAnalyzer analyzer) : ScanActivity<EmbedRequest, ClassAnalysis>
{
    protected override async Task<ClassAnalysis> ExecuteAsync(TaskActivityContext context, EmbedRequest input, CancellationToken cancellationToken)
    {
        var features = await FeaturesStore.ReadAsync(storage, input.Features, cancellationToken);
        var analysis = await Task.Run(() => analyzer.Analyze(features, input.Parameters, cancellationToken), cancellationToken);
        ScanTelemetry.RecordClassDone();
        return analysis;
    }
}
