namespace Aegis.Core.Datasets;

/// <summary>
/// Finds and reads a dataset in a folder: IDX pairs (<c>train-images-idx3-ubyte[.gz]</c> +
/// <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-*</c> for test) or CIFAR-10 binary batches
/// (<c>data_batch_N.bin</c>, <c>test_batch.bin</c>, possibly inside <c>cifar-10-batches-bin/</c>).
/// </summary>
public static class DatasetLoader
{
    public static ImageDataset Load(string directory, DatasetSplit split)
    {
        if (!Directory.Exists(directory))
            throw new DatasetFormatException($"{directory}: dataset folder not found.");

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        var images = FindFirst(directory, $"{prefix}-images-idx3-ubyte", $"{prefix}-images.idx3-ubyte");
        var labels = FindFirst(directory, $"{prefix}-labels-idx1-ubyte", $"{prefix}-labels.idx1-ubyte");
        if (images is not null && labels is not null)
            return IdxReader.Read(images, labels, $"{name}/{split.ToString().ToLowerInvariant()}");
        if (images is not null || labels is not null)
            throw new DatasetFormatException($"{directory}: found {Path.GetFileName(images ?? labels)} but not its {(images is null ? "images" : "labels")} file.");

        var cifarDir = Directory.Exists(Path.Combine(directory, "cifar-10-batches-bin"))
            ? Path.Combine(directory, "cifar-10-batches-bin")
            : directory;
        var batches = split == DatasetSplit.Train
            ? Directory.GetFiles(cifarDir, "data_batch_*.bin").Order(StringComparer.Ordinal).ToArray()
            : Directory.GetFiles(cifarDir, "test_batch.bin");
        if (batches.Length > 0)
            return Cifar10Reader.Read(batches, $"{name}/{split.ToString().ToLowerInvariant()}");

        throw new DatasetFormatException(
            $"{directory}: no {split.ToString().ToLowerInvariant()} data found. Expected IDX files ({prefix}-images-idx3-ubyte[.gz] and {prefix}-labels-idx1-ubyte[.gz]) or CIFAR-10 binary batches ({(split == DatasetSplit.Train ? "data_batch_1.bin …" : "test_batch.bin")}).");
    }

    /// <summary>True when the folder has files of this split (readable or not: reading them says).</summary>
    public static bool HasSplit(string directory, DatasetSplit split)
    {
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        var cifar = Directory.Exists(Path.Combine(directory, "cifar-10-batches-bin")) ? Path.Combine(directory, "cifar-10-batches-bin") : directory;
        return FindFirst(directory, $"{prefix}-images-idx3-ubyte", $"{prefix}-images.idx3-ubyte", $"{prefix}-labels-idx1-ubyte", $"{prefix}-labels.idx1-ubyte") is not null
            || (Directory.Exists(cifar) && Directory.GetFiles(cifar, split == DatasetSplit.Train ? "data_batch_*.bin" : "test_batch.bin").Length > 0);
    }

    private static string? FindFirst(string directory, params string[] stems)
    {
        foreach (var stem in stems)
        {
            foreach (var candidate in new[] { stem + ".gz", stem })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                    return path;
            }
        }
        return null;
    }
}
