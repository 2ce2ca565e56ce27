using Aegis.Torch;
using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Torch.Models;

namespace Aegis.Lab.Storage;

/// <summary>
/// Saves and loads lab models: a TorchSharp weights file plus its <c>model.json</c> descriptor.
/// <see cref="Load"/> accepts the folder, the descriptor or the weights file.
/// </summary>
public static class LabModelStore
{
    public const string DescriptorFileName = "model.json";
    public const string WeightsFileName = "model.weights";

    /// <summary>Writes <c>model.weights</c> and <c>model.json</c> into <paramref name="directory"/>; returns the descriptor path.</summary>
    public static string Save(LabNetwork network, LabModelDescriptor descriptor, string directory)
    {
        Directory.CreateDirectory(directory);
        network.save(Path.Combine(directory, WeightsFileName));
        var path = Path.Combine(directory, DescriptorFileName);
        File.WriteAllText(path, LabJson.Serialize(descriptor with { Weights = WeightsFileName }));
        return path;
    }

    /// <summary>True when <paramref name="path"/> is a lab model (its folder, descriptor or weights).</summary>
    public static bool IsLabModel(string path) => FindDescriptor(path) is not null;

    public static LabModelDescriptor ReadDescriptor(string path)
    {
        var descriptorPath = FindDescriptor(path)
            ?? throw new FileNotFoundException($"{path}: no lab model here (expected a folder with {DescriptorFileName}, the descriptor itself, or weights with {DescriptorFileName} beside them).");
        LabModelDescriptor descriptor;
        try
        {
            descriptor = LabJson.Deserialize<LabModelDescriptor>(File.ReadAllText(descriptorPath), descriptorPath);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{descriptorPath}: not a valid lab model descriptor ({e.Message}).", e);
        }
        if (descriptor.SchemaVersion != LabModelDescriptor.CurrentSchemaVersion)
            throw new InvalidDataException($"{descriptorPath}: descriptor schema version {descriptor.SchemaVersion} is not the supported version {LabModelDescriptor.CurrentSchemaVersion}.");
        return descriptor;
    }

    public static IImageClassifier Load(string path) => LoadClassifier(path);

    public static LabClassifier LoadClassifier(string path)
    {
        TorchRuntime.EnsureConfigured();
        var descriptor = ReadDescriptor(path);
        var descriptorPath = FindDescriptor(path)!;
        var weights = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(descriptorPath))!, descriptor.Weights);
        if (!File.Exists(weights))
            throw new FileNotFoundException($"{descriptorPath}: weights file {weights} is missing.");
        var shape = new ImageShape(descriptor.InputShape.Channels, descriptor.InputShape.Height, descriptor.InputShape.Width);
        var network = LabNetworkFactory.Create(descriptor.Architecture, shape, descriptor.ClassCount, descriptor.Mean, descriptor.Std);
        try
        {
            network.load(weights);
        }
        catch (Exception e)
        {
            network.Dispose();
            throw new InvalidDataException($"{weights}: cannot load {descriptor.Architecture} weights ({e.Message}).", e);
        }
        return new LabClassifier(descriptor.Name, network, shape, descriptor.ClassCount);
    }

    private static string? FindDescriptor(string path)
    {
        if (Directory.Exists(path))
            return IsDescriptor(Path.Combine(path, DescriptorFileName)) ? Path.Combine(path, DescriptorFileName) : null;
        if (!File.Exists(path))
            return null;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return IsDescriptor(path) ? path : null;
        var besideByName = Path.ChangeExtension(path, ".json");
        if (IsDescriptor(besideByName))
            return besideByName;
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DescriptorFileName);
        return IsDescriptor(beside) ? beside : null;
    }

    /// <summary>Only JSON that says <c>"format": "aegis-lab"</c> counts: TorchScript exports often carry JSON of their own beside them.</summary>
    private static bool IsDescriptor(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == System.Text.Json.JsonValueKind.String
                && format.GetString() == LabModelDescriptor.FormatName;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            // Unreadable counts as absent: a confined sandbox sees files beside its model exist but may not read them.
            return false;
        }
    }
}
