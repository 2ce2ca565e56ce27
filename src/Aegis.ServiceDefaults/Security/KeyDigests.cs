using System.Security.Cryptography;
using System.Text;

namespace Aegis.ServiceDefaults.Security;

/// <summary>
/// A set of accepted keys, kept as SHA-256 digests. A candidate is hashed and compared with every
/// digest in fixed time, all of them every time: the comparison takes as long whatever the
/// candidate's length, and whichever key (if any) it matches.
/// </summary>
public sealed class KeyDigests
{
    private readonly byte[][] _digests;

    public KeyDigests(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _digests = keys.Select(Digest).ToArray();
    }

    public int Count => _digests.Length;

    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
            return false;
        var given = Digest(candidate);
        bool match = false;
        foreach (var expected in _digests)
            match |= CryptographicOperations.FixedTimeEquals(expected, given);
        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
