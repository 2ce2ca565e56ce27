using System.IO.Compression;
using System.Text.Json;
using Aegis.Core.Datasets;

namespace Aegis.Torch.Tests;

/// <summary>Real fixtures: the TorchScript models in shared/fixtures and Debian's Fashion-MNIST.</summary>
internal static class TestData
{
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    private static readonly Lazy<ImageDataset> Test = new(() => DatasetLoader.Load(FashionMnist, DatasetSplit.Test));
    private static readonly Lazy<ImageDataset> Train = new(() => DatasetLoader.Load(FashionMnist, DatasetSplit.Train));

    public static ImageDataset TestSet => Test.Value;
    public static ImageDataset TrainingSet => Train.Value;

    public static string ModelsDirectory => RepoPaths.FixtureModels;

    public static string ModelPath(string name) => Path.Combine(ModelsDirectory, name + ".pt");

    public static JsonElement Facts(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelsDirectory, name + ".json"))).RootElement;

    /// <summary>
    /// Copies a fixture with its TorchScript source edited. TorchScript archives keep the model as Python
    /// source compiled on load, so this makes contract-breaking models without PyTorch.
    /// </summary>
    public static string RewriteCode(string fixture, Func<string, string> edit, string directory)
    {
        var target = Path.Combine(directory, $"{fixture}-edited-{Guid.NewGuid():N}.pt");
        using var source = ZipFile.OpenRead(ModelPath(fixture));
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var reader = entry.Open();
            using var buffer = new MemoryStream();
            reader.CopyTo(buffer);
            var bytes = buffer.ToArray();
            if (entry.FullName.EndsWith("/code/__torch__.py", StringComparison.Ordinal))
                bytes = System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(bytes)));
            using var writer = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            writer.Write(bytes);
        }
        return target;
    }
}
