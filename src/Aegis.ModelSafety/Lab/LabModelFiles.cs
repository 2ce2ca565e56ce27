using System.Text.Json;

namespace Aegis.ModelSafety.Lab;

/// <summary>
/// Finds a lab model's descriptor the way the lab's loader does: a folder's <c>model.json</c>,
/// the descriptor itself, or weights with <c>NAME.json</c> or <c>model.json</c> beside them.
/// Only JSON saying <c>"format": "aegis-lab"</c> counts.
/// </summary>
internal static class LabModelFiles
{
    public const string DescriptorFileName = "model.json";

    public static string? FindDescriptor(string path, long maxBytes)
    {
        if (Directory.Exists(path))
            return IsDescriptor(Path.Combine(path, DescriptorFileName), maxBytes) ? Path.Combine(path, DescriptorFileName) : null;
        if (!File.Exists(path))
            return null;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return IsDescriptor(path, maxBytes) ? path : null;
        var besideByName = Path.ChangeExtension(path, ".json");
        if (IsDescriptor(besideByName, maxBytes))
            return besideByName;
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DescriptorFileName);
        return IsDescriptor(beside, maxBytes) ? beside : null;
    }

    private static bool IsDescriptor(string path, long maxBytes)
    {
        // An oversized descriptor still counts as one (so the check reports its size); it is not parsed here.
        if (!File.Exists(path))
            return false;
        if (new FileInfo(path).Length > maxBytes)
            return true;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.String
                && format.GetString() == ModelSafetyReport.LabFormat;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
