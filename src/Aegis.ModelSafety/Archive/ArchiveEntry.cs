using System.IO.Compression;

namespace Aegis.ModelSafety.Archive;

/// <summary>One entry of a TorchScript archive: its name below the archive's root folder and its declared sizes.</summary>
internal sealed record ArchiveEntry(string Name, long Length, long CompressedLength, ZipArchiveEntry Zip)
{
    /// <summary>Directory entries (a trailing '/') carry no data.</summary>
    public bool IsDirectory => Name.Length == 0 || Name.EndsWith('/');
}
