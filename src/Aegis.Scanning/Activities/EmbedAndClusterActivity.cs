using Aegis.Core.Detection;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Telemetry;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Activities;

/// <summary>EmbedAndCluster(c): read the class's features blob and run t-SNE + mean shift on it.</summary>
public sealed class EmbedAndClusterActivity(ScanStorage storage, IClassAnalyzer analyzer)
{
    public async Task<ClassAnalysis> RunAsync(EmbedInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var features = await FeaturesStore.ReadAsync(storage, input.Features, cancellationToken);
        var analysis = await Task.Run(() => analyzer.Analyze(features, input.Parameters, cancellationToken), cancellationToken);
        ScanTelemetry.RecordClassDone();
        return analysis;
    }
}

/// <summary>Reads features blobs back.</summary>
public static class FeaturesStore
{
    public static async Task<ClassFeatures> ReadAsync(ScanStorage storage, FeaturesRef features, CancellationToken cancellationToken)
    {
        var content = await storage.Work.GetBlobClient(features.Path).DownloadContentAsync(cancellationToken);
        return FeaturesCodec.Decode(content.Value.Content.ToMemory().Span);
    }
}
