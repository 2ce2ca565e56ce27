namespace Aegis.Pipeline.Api;

/// <summary>POST /api/uploads body: the model blob name to upload to, in the models container.</summary>
public sealed record UploadRequest
{
    public string? Name { get; init; }
}
