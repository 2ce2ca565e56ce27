using Aegis.Core.Detection;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Activities;

/// <summary>Reads features blobs back.</summary>
public static class FeaturesStore
{
    public static async Task<ClassFeatures> ReadAsync(ScanStorage storage, FeaturesRef features, CancellationToken cancellationToken)
    {
        var content = await storage.Work.GetBlobClient(features.Path).DownloadContentAsync(cancellationToken);
        return FeaturesCodec.Decode(content.Value.Content.ToMemory().Span);
    }
}
