namespace Aegis.Reporting.Page;

/// <summary>
/// Artifacts in the folder that holds verdict.json. Paths come from the verdict, which may have
/// travelled (a verdict blob, a copied folder), so a path that leaves the folder is not read.
/// <paramref name="prefix"/> is what the verdict may put before a path relative to the folder —
/// the pipeline lists artifacts as "&lt;scanId&gt;/class-7/…" beside the verdict blob while they
/// are still in a local folder; it is stripped where present.
/// </summary>
public sealed class FolderArtifacts(string folder, string prefix = "") : IArtifactReader
{
    /// <summary>A report embeds pictures; anything larger than this is not one of ours.</summary>
    public const long MaxArtifactBytes = 32L * 1024 * 1024;

    private readonly string _root = Path.GetFullPath(folder);

    public byte[]? Read(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
            return null;
        if (prefix.Length > 0 && relativePath.StartsWith(prefix, StringComparison.Ordinal))
            relativePath = relativePath[prefix.Length..];
        if (Path.IsPathRooted(relativePath))
            return null;
        string path = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return null;
        var file = new FileInfo(path);
        if (!file.Exists || file.Length > MaxArtifactBytes)
            return null;
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
