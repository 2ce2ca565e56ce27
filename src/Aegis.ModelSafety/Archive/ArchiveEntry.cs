namespace Aegis.ModelSafety.Archive;

/// <summary>One entry of a TorchScript archive: its name below the archive's root folder, its full name, and where its data lies.</summary>
internal sealed record ArchiveEntry(string Name, ZipDirectoryEntry Zip, long DataOffset)
{
    public string FullName => Zip.Name;
    public long Length => Zip.Length;
    public long CompressedLength => Zip.CompressedLength;

    /// <summary>Directory entries (a trailing '/') carry no data.</summary>
    public bool IsDirectory => Name.Length == 0 || Name.EndsWith('/');
}
