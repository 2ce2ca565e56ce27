namespace Aegis.Reporting.Page;

/// <summary>
/// Artifacts in the folder that holds verdict.json. Paths come from the verdict, which may have
/// travelled (a verdict blob, a copied folder), so a path that leaves the folder is not read.
/// </summary>
public sealed class FolderArtifacts(string folder) : IArtifactReader
{
    /// <summary>A report embeds pictures; anything larger than this is not one of ours.</summary>
    public const long MaxArtifactBytes = 32L * 1024 * 1024;

    private readonly string _root = Path.GetFullPath(folder);

    public byte[]? Read(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath) || Path.IsPathRooted(relativePath))
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
