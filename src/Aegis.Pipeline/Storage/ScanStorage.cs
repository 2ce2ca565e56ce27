using Aegis.Pipeline.Configuration;
using Azure;
using Azure.Storage.Blobs;

namespace Aegis.Pipeline.Storage;

/// <summary>The pipeline's containers and the few blob operations everything else is built from.</summary>
public sealed class ScanStorage
{
    private readonly BlobServiceClient _service;

    public ScanStorage(AegisSettings settings)
    {
        Settings = settings;
        _service = settings.Storage.CreateBlobServiceClient();
        Models = _service.GetBlobContainerClient(settings.Containers.Models);
        Datasets = _service.GetBlobContainerClient(settings.Containers.Datasets);
        Verdicts = _service.GetBlobContainerClient(settings.Containers.Verdicts);
        Work = _service.GetBlobContainerClient(settings.Containers.Work);
        Approved = _service.GetBlobContainerClient(settings.Containers.Approved);
        Quarantine = _service.GetBlobContainerClient(settings.Containers.Quarantine);
    }

    public AegisSettings Settings { get; }
    public BlobContainerClient Models { get; }
    public BlobContainerClient Datasets { get; }
    public BlobContainerClient Verdicts { get; }
    public BlobContainerClient Work { get; }
    public BlobContainerClient Approved { get; }
    public BlobContainerClient Quarantine { get; }

    public BlobContainerClient Container(string name) => _service.GetBlobContainerClient(name);

    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in Settings.Containers.All.Distinct())
            await _service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The blob's text, or null when it does not exist.</summary>
    public static async Task<string?> ReadTextAsync(BlobContainerClient container, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public static async Task WriteJsonAsync<T>(BlobContainerClient container, string name, T value, CancellationToken cancellationToken = default) =>
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(PipelineJson.Serialize(value)), overwrite: true, cancellationToken);

    public static async Task<bool> ExistsAsync(BlobContainerClient container, string name, CancellationToken cancellationToken = default) =>
        (await container.GetBlobClient(name).ExistsAsync(cancellationToken)).Value;
}
