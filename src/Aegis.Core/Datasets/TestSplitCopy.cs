namespace Aegis.Core.Datasets;

/// <summary>Copies a dataset folder's test split (IDX t10k-* files or CIFAR-10's test_batch.bin) into another dataset folder.</summary>
public static class TestSplitCopy
{
    /// <returns>Whether a test split was found and copied.</returns>
    public static bool Copy(string source, string destination)
    {
        string cifar = Path.Combine(source, "cifar-10-batches-bin");
        var files = new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte" }
            .SelectMany(stem => new[] { stem, stem + ".gz" })
            .Select(name => Path.Combine(source, name))
            .Append(Path.Combine(source, "test_batch.bin"))
            .Append(Path.Combine(cifar, "test_batch.bin"))
            .Where(File.Exists)
            .ToArray();
        foreach (var file in files)
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        return files.Length > 0;
    }
}
