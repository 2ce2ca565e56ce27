using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>Reads features blobs back, checking that each is the class and size its reference says.</summary>
public static class FeaturesStore
{
    /// <exception cref="InvalidDataException">The blob is not the features its reference describes (a retry translates the class again).</exception>
    public static async Task<ClassFeatures> ReadAsync(ScanStorage storage, FeaturesRef features, CancellationToken cancellationToken)
    {
        var content = await storage.Work.GetBlobClient(features.Path).DownloadContentAsync(cancellationToken);
        var decoded = FeaturesCodec.Decode(content.Value.Content.ToMemory().Span);
        if (decoded.Label != features.Label || decoded.Translated.Rows != features.Translated || decoded.Clean.Rows != features.Clean)
            throw new InvalidDataException(
                $"Features blob {features.Path} holds class {decoded.Label} with {decoded.Translated.Rows} translated and {decoded.Clean.Rows} clean rows; " +
                $"expected class {features.Label} with {features.Translated} and {features.Clean}.");
        return decoded;
    }
}
