namespace Aegis.Pipeline.Storage;

/// <summary>
/// Blob names inside the work container. Everything an activity writes is keyed by scan id (and
/// class), so a rerun of an activity overwrites the same blob instead of adding another.
/// </summary>
public static class WorkPaths
{
    public static string Features(string scanId, int label) => $"scans/{scanId}/features/class-{label:D3}.aegf";

    /// <summary>The verdict blob (DESIGN.md: verdicts/&lt;name&gt;/&lt;scanId&gt;.json), name without the .pt extension.</summary>
    public static string Verdict(string modelName, string scanId) => $"{ModelStem(modelName)}/{scanId}.json";
    public static string Artifacts(string modelName, string scanId) => $"{ModelStem(modelName)}/{scanId}/";
    /// <summary>report.html, drawn with the pictures (Aegis.Reporting's ReportArtifacts) and uploaded among them.</summary>
    public static string Report(string modelName, string scanId) => Artifacts(modelName, scanId) + "report.html";

    public static string ModelStem(string modelName) =>
        modelName.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) ? modelName[..^3] : modelName;
}
