namespace Aegis.ModelSafety.Archive;

/// <summary>
/// What an archive entry may be called. libtorch only looks entries up by name, but other tools
/// (unzip, Python's zipfile) extract them, so a name that climbs out of the folder, is absolute,
/// names a drive or carries control characters is refused wherever it appears.
/// </summary>
internal static class EntryNameRules
{
    public static string? Problem(string name, int maxLength)
    {
        if (name.Length == 0)
            return "an empty entry name";
        if (name.Length > maxLength)
            return $"an entry name of {name.Length} characters (at most {maxLength})";
        if (name[0] == '/')
            return "an absolute entry name";
        foreach (var c in name)
        {
            if (c == '\\')
                return "a backslash in an entry name";
            if (c == ':')
                return "a drive or stream separator (':') in an entry name";
            if (char.IsControl(c))
                return "a control character in an entry name";
        }
        var segments = name.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i] is "." or "..")
                return $"a '{segments[i]}' segment in an entry name (path traversal)";
            if (segments[i].Length == 0 && i != segments.Length - 1)
                return "an empty segment in an entry name";
        }
        return null;
    }
}
