using Aegis.Core.Detection;

namespace Aegis.Reporting;

/// <summary>
/// Writes Neural Cleanse's evidence beside the verdict, each file atomically: class-N/trigger.png
/// (mask | pattern | mask × pattern) for every class and neural-cleanse.png (every class's stamp,
/// flagged first), and returns the relative paths for <see cref="NeuralCleanseReport"/>.
/// </summary>
public static class NeuralCleanseArtifacts
{
    public const string OverviewFile = "neural-cleanse.png";
    public const string TriggerFile = "trigger.png";

    public static (IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>> Classes, string Overview) Write(string outputDirectory,
        IReadOnlyList<NeuralCleanseTrigger> triggers, NeuralCleanseDecision decision, ImageShape shape, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(decision);
        var results = decision.Classes.ToDictionary(c => c.Label);
        var classes = new Dictionary<int, IReadOnlyDictionary<string, string>>();
        foreach (var trigger in triggers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string relative = $"{ScanReportWriter.ClassFolder(trigger.Label)}/{TriggerFile}";
            using var picture = NeuralCleanseImages.RenderClass(trigger, results[trigger.Label], shape);
            AtomicFile.WriteAllBytes(Path.Combine(outputDirectory, relative), Png.Encode(picture));
            classes[trigger.Label] = new Dictionary<string, string> { ["trigger"] = relative };
        }
        using var overview = NeuralCleanseImages.RenderOverview(triggers, decision.Classes, shape);
        AtomicFile.WriteAllBytes(Path.Combine(outputDirectory, OverviewFile), Png.Encode(overview));
        return (classes, OverviewFile);
    }
}
