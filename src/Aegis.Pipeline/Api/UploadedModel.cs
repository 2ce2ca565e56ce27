namespace Aegis.Pipeline.Api;

/// <summary>PUT /api/models/{name} answer: the stored blob version.</summary>
public sealed record UploadedModel(string Container, string Name, string ETag);
