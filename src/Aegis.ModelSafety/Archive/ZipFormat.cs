namespace Aegis.ModelSafety.Archive;

/// <summary>The zip records this reader and the canonical writer know (APPNOTE 6.3.10), and their fixed sizes.</summary>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint DirectoryHeaderSignature = 0x02014b50;
    public const uint DataDescriptorSignature = 0x08074b50;
    public const uint EndSignature = 0x06054b50;
    public const uint Zip64EndSignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;

    public const int LocalHeaderSize = 30;
    public const int DirectoryHeaderSize = 46;
    public const int EndSize = 22;
    public const int Zip64EndSize = 56;
    public const int Zip64LocatorSize = 20;

    /// <summary>The zip64 end record's "size of remaining record" when it carries no extensible data.</summary>
    public const long Zip64EndRemainder = Zip64EndSize - 12;

    public const ushort Stored = 0;
    public const ushort Deflated = 8;

    public const ushort Zip64ExtraTag = 0x0001;

    /// <summary>Info-ZIP's Unicode path and comment fields: readers that honour them see another name than those that do not.</summary>
    public const ushort UnicodePathTag = 0x7075;
    public const ushort UnicodeCommentTag = 0x6375;

    public const ushort EncryptedFlag = 0x0001;
    public const ushort DataDescriptorFlag = 0x0008;
    public const ushort StrongEncryptionFlag = 0x0040;
    public const ushort Utf8Flag = 0x0800;

    /// <summary>Flags with one meaning for every reader: deflate's level hints (bits 1-2), a data descriptor, UTF-8 names.</summary>
    public const ushort KnownFlags = 0x0002 | 0x0004 | DataDescriptorFlag | Utf8Flag;

    public const ushort Masked16 = ushort.MaxValue;
    public const uint Masked32 = uint.MaxValue;

    /// <summary>Version needed to extract: 2.0 (deflate), 4.5 (zip64).</summary>
    public const ushort Version20 = 20;
    public const ushort Version45 = 45;
}
