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
}
