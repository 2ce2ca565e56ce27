using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>Draws a scan's evidence (plots, example grids, overview) into a local folder; Aegis.Reporting's pictures in production.</summary>
public interface IScanArtifacts
{
    /// <summary>One class's pictures, while its features and images are at hand.</summary>
    /// <returns>Artifact name → path relative to <paramref name="directory"/>, for <see cref="ClassReport.Artifacts"/>.</returns>
    IReadOnlyDictionary<string, string> WriteClass(string directory, ClassFeatures features, ClassAnalysis analysis, Decision decision, CancellationToken cancellationToken);

    /// <summary>The whole-scan pictures (overview.png, …) drawn from the finished verdict.</summary>
    /// <returns>Paths relative to <paramref name="directory"/> of the files written.</returns>
    IReadOnlyList<string> WriteScan(string directory, ScanVerdict verdict, CancellationToken cancellationToken);

    /// <summary>Neural Cleanse's pictures: every class's reversed trigger and the overview of them all.</summary>
    /// <returns>Per class, artifact name → path relative to <paramref name="directory"/>; and the overview's path.</returns>
    (IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>> Classes, string Overview) WriteNeuralCleanse(string directory,
        IReadOnlyList<NeuralCleanseTrigger> triggers, NeuralCleanseDecision decision, ImageShape shape, CancellationToken cancellationToken);
}
