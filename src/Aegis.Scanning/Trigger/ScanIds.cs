using System.Security.Cryptography;
using System.Text;
using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Trigger;

/// <summary>
/// One scan per blob version: the instance id is a hash of container, name and ETag, so every
/// delivery of the same upload (poll, webhook, retries) names the same orchestration instance.
/// </summary>
public static class ScanIds
{
    public static string For(BlobRef blob) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{blob.Container}/{blob.Name}/{NormalizeETag(blob.ETag)}")))[..24];

    /// <summary>ETags arrive quoted from the blob API and bare from Event Grid; compare them bare.</summary>
    public static string NormalizeETag(string etag) => etag.Trim().Trim('"');

    public static bool IsScanId(string value) => value.Length == 24 && value.All(char.IsAsciiHexDigitLower);
}
