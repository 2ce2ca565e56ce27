namespace Aegis.ModelSafety.Archive;

/// <summary>One central-directory entry as the directory states it, sizes and offset resolved through its zip64 field.</summary>
/// <param name="NameBytes">The name as stored: the local header must repeat these bytes exactly.</param>
internal sealed record ZipDirectoryEntry(string Name, byte[] NameBytes, ushort Flags, ushort Method, uint Crc32, long CompressedLength, long Length, long HeaderOffset);
