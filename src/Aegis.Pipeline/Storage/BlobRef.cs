namespace Aegis.Pipeline.Storage;

/// <summary>One version of a blob: the trigger's identity of a model (the Functions blob-receipt key).</summary>
public sealed record BlobRef(string Container, string Name, string ETag)
{
    public override string ToString() => $"{Container}/{Name} ({ETag})";
}
