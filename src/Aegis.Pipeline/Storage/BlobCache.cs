using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Aegis.Core.IO;
using Aegis.Core.Verdicts;
using Azure;
using Azure.Storage.Blobs.Models;
using Aegis.Core.Text;

namespace Aegis.Pipeline.Storage;

/// <summary>
/// Local copies of model and dataset blobs, keyed by the blobs' versions (ETags), so a worker
/// downloads a model or a dataset once however many of its jobs it runs. Copies are written
/// to a temporary name and renamed, so a process killed mid-download leaves no half file behind.
/// Beyond <see cref="Configuration.AegisSettings.CacheMaxBytes"/> the least recently used copies are
/// deleted, but none used in the last <see cref="MinimumIdle"/> (a job may still be reading it).
/// The cache folder is private to this user (0700; a folder this user cannot make private is
/// refused), and a cached model is used only while its content still has the SHA-256 recorded
/// when it was downloaded; otherwise it is downloaded again.
/// </summary>
public sealed class BlobCache(ScanStorage storage)
{
    private const string ModelFile = "model.pt";
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private string Root => storage.Settings.CacheDirectory;

    /// <summary>A copy used this recently is never evicted: the job that fetched it may still be running.</summary>
    public static readonly TimeSpan MinimumIdle = TimeSpan.FromMinutes(30);

    /// <summary>Local path of exactly this version of the model blob; its size is checked before it is downloaded.</summary>
    public async Task<string> GetModelAsync(BlobRef model, CancellationToken cancellationToken = default)
    {
        string directory = Path.Combine(PrivateRoot(), "models", Key($"{model.Container}/{model.Name}/{model.ETag}"));
        string path = Path.Combine(directory, ModelFile);
        string recorded = path + ".sha256";
        return await OnceAsync(path, directory, async () =>
        {
            if (File.Exists(path) && File.Exists(recorded)
                && await File.ReadAllTextAsync(recorded, cancellationToken) == await Sha256Async(path, cancellationToken))
                return path;
            var blob = storage.Container(model.Container).GetBlobClient(model.Name);
            var version = new BlobRequestConditions { IfMatch = new ETag(Quoted(model.ETag)) };
            try
            {
                var properties = await blob.GetPropertiesAsync(version, cancellationToken);
                long limit = storage.Settings.Limits.MaxModelBytes;
                if (properties.Value.ContentLength > limit)
                    throw new ScanFailureException(ErrorCodes.InputTooLarge,
                        $"Model blob {model.Container}/{model.Name} has {properties.Value.ContentLength} bytes; models of at most {limit} bytes are scanned (Aegis__Limits__MaxModelBytes).");
                Directory.CreateDirectory(directory);
                string temp = $"{path}.{Guid.NewGuid():N}.part";
                await blob.DownloadToAsync(temp, new BlobDownloadToOptions { Conditions = version }, cancellationToken);
                string recordedTemp = $"{recorded}.{Guid.NewGuid():N}.part";
                await File.WriteAllTextAsync(recordedTemp, await Sha256Async(temp, cancellationToken), cancellationToken);
                File.Move(temp, path, overwrite: true);
                File.Move(recordedTemp, recorded, overwrite: true);
                return path;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new ScanFailureException(ErrorCodes.ModelNotFound, $"Model blob {model.Container}/{model.Name} does not exist.", e);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw new ScanFailureException(ErrorCodes.ModelNotFound, $"Model blob {model.Container}/{model.Name} was replaced after the scan of version {model.ETag} started; the new version gets its own scan.", e);
            }
        });
    }

    /// <summary>
    /// Local folder holding every blob under datasets/&lt;name&gt;/, as of now. The name must pass the
    /// blob-name rule, and the folder's file count and sizes are checked before anything is downloaded.
    /// </summary>
    public async Task<string> GetDatasetAsync(string dataset, CancellationToken cancellationToken = default)
    {
        if (BlobNameValidator.Problem(dataset) is { } problem)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"'{UntrustedText.Quote(dataset)}' is not a dataset name (a folder under the {storage.Datasets.Name} container): {problem}.");
        string prefix = dataset + "/";
        var limits = storage.Settings.Limits;
        var blobs = new List<BlobItem>();
        await foreach (var blob in storage.Datasets.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            blobs.Add(blob);
            if (blobs.Count > limits.MaxDatasetFiles)
                throw new ScanFailureException(ErrorCodes.InputTooLarge, $"Dataset '{dataset}' has more than {limits.MaxDatasetFiles} files (Aegis__Limits__MaxDatasetFiles).");
        }
        if (blobs.Count == 0)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"Dataset '{dataset}' not found: the {storage.Datasets.Name} container has no blobs under {prefix}.");
        long total = blobs.Sum(b => b.Properties.ContentLength ?? 0);
        if (total > limits.MaxDatasetBytes)
            throw new ScanFailureException(ErrorCodes.InputTooLarge, $"Dataset '{dataset}' has {total} bytes; datasets of at most {limits.MaxDatasetBytes} bytes are used (Aegis__Limits__MaxDatasetBytes).");
        if (!blobs.All(b => BlobNameValidator.IsValid(b.Name)))
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"Dataset '{dataset}' holds a blob whose name the blob-name rule refuses; rename or remove it.");

        string version = Key(string.Join("\n", blobs.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => $"{b.Name}:{b.Properties.ETag}")));
        string directory = Path.Combine(PrivateRoot(), "datasets", $"{Path.GetFileName(dataset)}-{version}");
        return await OnceAsync(directory, directory, async () =>
        {
            if (Directory.Exists(directory))
                return directory;
            string temp = $"{directory}.{Guid.NewGuid():N}.part";
            foreach (var blob in blobs)
            {
                string local = Path.Combine(temp, blob.Name[prefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                // Pinned to the listed version, so the sizes checked above are the sizes downloaded.
                await storage.Datasets.GetBlobClient(blob.Name).DownloadToAsync(local,
                    new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = blob.Properties.ETag } }, cancellationToken);
            }
            try
            {
                Directory.Move(temp, directory);
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // Another process cached the same version first; theirs is as good as ours.
                Directory.Delete(temp, recursive: true);
            }
            return directory;
        });
    }

    /// <summary>The cache root, created or narrowed to this user only; refused when this user cannot own it.</summary>
    private string PrivateRoot()
    {
        if (OperatingSystem.IsWindows())
            return Directory.CreateDirectory(Root).FullName;
        var root = Directory.CreateDirectory(Root, Private);
        try
        {
            if (root.UnixFileMode != Private)
                File.SetUnixFileMode(root.FullName, Private);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"The blob cache {root.FullName} belongs to another user and cannot be made private; set Aegis__CacheDirectory to a folder of your own.", e);
        }
        return root.FullName;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    /// <summary>Creates (or finds) one cached copy at a time per key, marks its folder used, then keeps the cache under its size.</summary>
    private async Task<string> OnceAsync(string key, string entry, Func<Task<string>> create)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        string result;
        try
        {
            result = await create();
            Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
        }
        finally
        {
            gate.Release();
        }
        Evict(entry);
        return result;
    }

    /// <summary>Deletes the least recently used copies (never <paramref name="keep"/>, never a recent one) until the cache fits its size.</summary>
    private void Evict(string keep)
    {
        var entries = new[] { "models", "datasets" }
            .Select(kind => new DirectoryInfo(Path.Combine(PrivateRoot(), kind)))
            .Where(d => d.Exists)
            .SelectMany(d => d.EnumerateDirectories())
            .Where(d => !d.Name.EndsWith(".part", StringComparison.Ordinal))
            .Select(d => (Folder: d, Bytes: d.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)))
            .OrderBy(e => e.Folder.LastWriteTimeUtc)
            .ToList();
        long total = entries.Sum(e => e.Bytes);
        foreach (var (folder, bytes) in entries)
        {
            if (total <= storage.Settings.CacheMaxBytes)
                return;
            if (folder.FullName == Path.GetFullPath(keep) || DateTime.UtcNow - folder.LastWriteTimeUtc < MinimumIdle)
                continue;
            try
            {
                folder.Delete(recursive: true);
                total -= bytes;
            }
            catch (IOException)
            {
                // Another worker on this machine is deleting or using it; the next fetch tries again.
            }
        }
    }

    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];

    private static string Quoted(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
