using Azure.Storage.Blobs;

namespace Aegis.Pipeline.Tests.Infrastructure;

/// <summary>One Azurite for all pipeline tests, with Fashion-MNIST uploaded to datasets/fashion-mnist once.</summary>
public sealed class PipelineFixture : IDisposable
{
    private readonly AzuriteServer _azurite = new();

    public PipelineFixture()
    {
        var datasets = new BlobServiceClient(ConnectionString).GetBlobContainerClient("datasets");
        datasets.CreateIfNotExists();
        foreach (var file in Directory.GetFiles(RepoPaths.FashionMnist, "*-ubyte.gz"))
            datasets.GetBlobClient($"fashion-mnist/{Path.GetFileName(file)}").Upload(file, overwrite: true);
        CacheDirectory = Path.Combine(Path.GetTempPath(), $"aegis-test-cache-{Environment.ProcessId}");
    }

    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Shared by every host and worker of the run, so the dataset is downloaded once.</summary>
    public string CacheDirectory { get; }

    public void Dispose()
    {
        _azurite.Dispose();
        if (Directory.Exists(CacheDirectory))
            Directory.Delete(CacheDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
