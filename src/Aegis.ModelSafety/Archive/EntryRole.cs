namespace Aegis.ModelSafety.Archive;

/// <summary>The part an entry plays in a TorchScript archive, from its name below the root folder.</summary>
internal enum EntryRole
{
    Directory,
    Metadata,
    DataPickle,
    ConstantsPickle,
    TensorData,
    Code,
    DebugPickle,
    Extra,
    Unexpected,
}

internal static class EntryRoles
{
    /// <summary>
    /// torch.jit.save writes <c>version</c>, <c>byteorder</c>, <c>.data/version</c>,
    /// <c>.data/serialization_id</c> (and, from PyTorch 2.x's stream writer, <c>.format_version</c>
    /// and <c>.storage_alignment</c>), <c>data.pkl</c>, <c>constants.pkl</c>, tensors under
    /// <c>data/</c> and <c>constants/</c>, code under <c>code/</c> with a <c>.debug_pkl</c> per file,
    /// and the caller's <c>extra/</c> files. Anything else is not part of the format.
    /// </summary>
    public static EntryRole Of(string name)
    {
        if (name.Length == 0 || name.EndsWith('/'))
            return EntryRole.Directory;
        switch (name)
        {
            case "version" or "byteorder" or ".data/version" or ".data/serialization_id" or ".format_version" or ".storage_alignment":
                return EntryRole.Metadata;
            case "data.pkl":
                return EntryRole.DataPickle;
            case "constants.pkl":
                return EntryRole.ConstantsPickle;
        }
        if ((name.StartsWith("data/", StringComparison.Ordinal) && IsDigits(name.AsSpan(5)))
            || (name.StartsWith("constants/", StringComparison.Ordinal) && IsDigits(name.AsSpan(10))))
            return EntryRole.TensorData;
        if (name.StartsWith("code/", StringComparison.Ordinal))
        {
            if (name.EndsWith(".py", StringComparison.Ordinal))
                return EntryRole.Code;
            if (name.EndsWith(".py.debug_pkl", StringComparison.Ordinal))
                return EntryRole.DebugPickle;
        }
        if (name.StartsWith("extra/", StringComparison.Ordinal))
            return EntryRole.Extra;
        return EntryRole.Unexpected;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 9)
            return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return true;
    }
}
