using System.Security.Cryptography;

namespace Aegis.Torch.Models;

/// <summary>Identifies the exact model bytes a verdict was computed for.</summary>
public static class ModelFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
