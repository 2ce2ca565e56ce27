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
    public async Task ACachedModelWhoseBytesChangedOnDiskIsDownloadedAgainIntoAPrivateFolder()
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

    [Fact]
    public async Task BeyondItsSizeTheCacheDeletesTheLeastRecentlyUsedCopiesThatNoJobUsedLately()
    {
        string root = Path.Combine(Path.GetTempPath(), $"aegis-cache-test-{Guid.NewGuid():N}");
        string container = $"evict-{Guid.NewGuid():N}"[..20];
        var models = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(container);
        await models.CreateIfNotExistsAsync();
        var cache = new BlobCache(new ScanStorage(new AegisSettings
        {
            Storage = StorageConnection.FromConnectionString(fixture.ConnectionString), CacheDirectory = root, CacheMaxBytes = 25_000,
        }));
        try
        {
            var paths = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                var uploaded = await models.GetBlobClient($"m{i}.pt").UploadAsync(BinaryData.FromBytes(new byte[10_000]));
                paths.Add(await cache.GetModelAsync(new BlobRef(container, $"m{i}.pt", uploaded.Value.ETag.ToString())));
                // Each copy is older than the one after it, and all but the newest long idle.
                Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(paths[^1])!, DateTime.UtcNow - BlobCache.MinimumIdle - TimeSpan.FromMinutes(10 - i));
            }
            var fourth = await models.GetBlobClient("m3.pt").UploadAsync(BinaryData.FromBytes(new byte[10_000]));
            paths.Add(await cache.GetModelAsync(new BlobRef(container, "m3.pt", fourth.Value.ETag.ToString())));

            // 40 KB cached against 25 KB allowed: the two oldest go, the newest two stay.
            Assert.False(File.Exists(paths[0]));
            Assert.False(File.Exists(paths[1]));
            Assert.True(File.Exists(paths[2]));
            Assert.True(File.Exists(paths[3]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            await models.DeleteIfExistsAsync();
        }
    }
}
