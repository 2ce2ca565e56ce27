namespace Aegis.Pipeline.Api;

/// <summary>
/// POST /api/uploads answer: a URL that can create or overwrite exactly this blob until <see cref="ExpiresOn"/>,
/// e.g. <c>curl -X PUT -H "x-ms-blob-type: BlockBlob" -T model.pt "$url"</c>, or an Azure Storage client given the URL.
/// </summary>
public sealed record UploadAccess(string Container, string Name, Uri Url, DateTimeOffset ExpiresOn);
