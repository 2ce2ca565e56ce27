using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Tests.Infrastructure;
using Azure.Storage.Blobs;

namespace Aegis.Pipeline.Tests.Storage;

[Collection(PipelineCollection.Name)]
public sealed class BlobCacheTests(PipelineFixture fixture)
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_cached_model_whose_bytes_changed_on_disk_is_downloaded_again_into_a_private_folder()
    {
        string root = Path.Combine(Path.GetTempPath(), $"aegis-cache-test-{Guid.NewGuid():N}");
        string container = $"cache-{Guid.NewGuid():N}"[..20];
        var models = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(container);
        await models.CreateIfNotExistsAsync();
        byte[] original = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var uploaded = await models.GetBlobClient("m.pt").UploadAsync(BinaryData.FromBytes(original));
        var cache = new BlobCache(new ScanStorage(new AegisSettings { Storage = StorageConnection.FromConnectionString(fixture.ConnectionString), CacheDirectory = root }));
        var model = new BlobRef(container, "m.pt", uploaded.Value.ETag.ToString());
        try
        {
            string path = await cache.GetModelAsync(model);
            Assert.Equal(original, await File.ReadAllBytesAsync(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));

            await File.WriteAllBytesAsync(path, [1, 2, 3]); // tampered or corrupted after the download
            Assert.Equal(path, await cache.GetModelAsync(model));
            Assert.Equal(original, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            await models.DeleteIfExistsAsync();
        }
    }
}
