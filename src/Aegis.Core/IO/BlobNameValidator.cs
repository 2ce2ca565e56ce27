namespace Aegis.Core.IO;

/// <summary>
/// One rule for every storage name that comes from outside (API bodies, sidecars, event payloads,
/// CLI uploads). The Azure SDK resolves <c>..</c> and <c>.</c> segments when it builds a blob URL, so
/// <c>../approved/x.pt</c> would reach another container; backslashes are turned into slashes by some
/// clients; control characters corrupt logs and headers; Unicode noncharacters (U+FFFE, U+FFFF,
/// U+FDD0–U+FDEF and the last two code points of every plane) cannot appear in XML, so a blob named
/// with one breaks every listing of its container (Azurite refused them all). Azure allows 1024
/// characters in a blob name.
/// </summary>
public static class BlobNameValidator
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="name"/> is not an acceptable blob name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "the name is empty";
        if (name.Length > MaxLength)
            return $"the name has {name.Length} characters (at most {MaxLength})";
        if (name[0] == '/')
            return "the name starts with '/'";
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '\\')
                return $"the name contains '\\' at position {i}";
            if (char.IsControl(c))
                return $"the name contains control character U+{(int)c:X4} at position {i}";
            if (char.IsHighSurrogate(c) && (i + 1 == name.Length || !char.IsLowSurrogate(name[i + 1])))
                return $"the name contains an unpaired surrogate at position {i}";
            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(name[i - 1])))
                return $"the name contains an unpaired surrogate at position {i}";
            int codePoint = char.IsHighSurrogate(c) ? char.ConvertToUtf32(c, name[i + 1]) : c;
            if (IsNoncharacter(codePoint))
                return $"the name contains the Unicode noncharacter U+{codePoint:X4} at position {i}";
        }
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0)
                return "the name has an empty path segment ('//' or a trailing '/')";
            if (segment is "." or "..")
                return $"the name has a '{segment}' path segment";
        }
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>The 66 code points Unicode reserves as never assigned: U+FDD0–U+FDEF and U+xFFFE, U+xFFFF in all 17 planes.</summary>
    public static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE && codePoint <= 0x10FFFF;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="role"/> (e.g. "model") when the name is not acceptable.</summary>
    public static string EnsureValid(string? name, string role)
    {
        var problem = Problem(name);
        if (problem is not null)
            throw new ArgumentException($"Invalid {role} name: {problem}.", role);
        return name!;
    }
}
