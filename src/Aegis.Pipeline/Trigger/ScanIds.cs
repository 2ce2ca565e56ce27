using System.Security.Cryptography;
using System.Text;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Trigger;

/// <summary>
/// One scan per blob version: the instance id is a hash of container, name and ETag, so every
/// delivery of the same upload (poll, webhook, blob trigger, API) names the same orchestration
/// instance. Each part is length-prefixed, so no two different tuples hash the same text
/// (("a/b", "c") and ("a", "b/c") differ).
/// </summary>
public static class ScanIds
{
    public const int Length = 24;

    public static string For(BlobRef blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var text = new StringBuilder();
        foreach (string part in new[] { blob.Container, blob.Name, NormalizeETag(blob.ETag) })
            text.Append(part.Length).Append(':').Append(part).Append(';');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..Length];
    }

    /// <summary>ETags arrive quoted from the blob API and bare from Event Grid; compare them bare.</summary>
    public static string NormalizeETag(string etag) => etag.Trim().Trim('"');

    /// <summary>
    /// Whether a client's ETag can be one at all: 1 to 128 visible ASCII characters without quotes,
    /// slashes or backslashes (Azure's are "0x8D…"). It is only ever compared with the blob's own
    /// ETag and hashed, never used to build a name; this keeps junk out of messages and logs.
    /// </summary>
    public static bool IsETag(string? value)
    {
        if (value is null)
            return false;
        string bare = NormalizeETag(value);
        return bare.Length is >= 1 and <= 128 && bare.All(c => c is > ' ' and < '\u007F' and not '"' and not '/' and not '\\');
    }

    public static bool IsScanId(string value) => value.Length == Length && value.All(char.IsAsciiHexDigitLower);
}
