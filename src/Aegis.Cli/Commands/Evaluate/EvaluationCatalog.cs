using System.Security.Cryptography;
using System.Text.Json;
using Aegis.Core.Evaluation;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;

namespace Aegis.Cli.Commands.Evaluate;

/// <summary>One model of an evaluated folder: its name as listed, its path (null when truth.csv names a model the folder lacks) and its truth.</summary>
public sealed record CatalogEntry(string Name, string? Path, ModelTruth? Truth);

/// <summary>
/// The models of an evaluated folder — lab model folders (with model.json) and TorchScript files
/// (<c>*.pt</c>), in name order — and their truth: a row of truth.csv when the folder has one that
/// names the model, else the lab model's own model.json (its poison: target, trigger kind, measured
/// attack success), else none.
/// </summary>
public static class EvaluationCatalog
{
    /// <exception cref="InvalidDataException">truth.csv is malformed.</exception>
    public static IReadOnlyList<CatalogEntry> Read(string directory)
    {
        string truthFile = System.IO.Path.Combine(directory, TruthTable.FileName);
        var listed = File.Exists(truthFile) ? TruthTable.Read(truthFile) : new Dictionary<string, ModelTruth>();
        var found = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .Where(e => e is DirectoryInfo d ? File.Exists(System.IO.Path.Combine(d.FullName, LabModelStore.DescriptorFileName)) : e.Extension == ".pt")
            .ToDictionary(e => e.Name, e => e.FullName, StringComparer.Ordinal);
        return found.Keys.Union(listed.Keys).Order(StringComparer.Ordinal)
            .Select(name => new CatalogEntry(name, found.GetValueOrDefault(name),
                listed.TryGetValue(name, out var truth) ? truth : found.TryGetValue(name, out var path) ? LabTruth(path) : null))
            .ToArray();
    }

    /// <summary>What a lab model's descriptor says it is; null for anything else or a descriptor that cannot be read.</summary>
    public static ModelTruth? LabTruth(string path)
    {
        if (!Directory.Exists(path))
            return null;
        try
        {
            var descriptor = LabModelStore.ReadDescriptor(path);
            return descriptor.Poison is not { } poison
                ? new ModelTruth { Backdoored = false }
                : new ModelTruth
                {
                    Backdoored = true,
                    Target = poison.Target,
                    Targets = poison.Mapping == PoisonMapping.OneTarget ? null : poison.TargetClasses(descriptor.ClassCount),
                    Mapping = JsonNamingPolicy.KebabCaseLower.ConvertName(poison.Mapping.ToString()),
                    Trigger = JsonNamingPolicy.KebabCaseLower.ConvertName(poison.Trigger.Kind.ToString()),
                    AttackSuccess = descriptor.Metrics?.WeakestAttackSuccessRate,
                };
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 of the bytes a verdict is for, as the scan records it (a lab model: its weights), so a changed model is scanned again.</summary>
    public static string? Sha256(string path)
    {
        try
        {
            string file = Directory.Exists(path) ? System.IO.Path.Combine(path, LabModelStore.ReadDescriptor(path).Weights) : path;
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
