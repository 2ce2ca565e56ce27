using Aegis.Core.Detection;

namespace Aegis.Scanning.Activities;

/// <summary>Draws a class's plots and cluster example grids into a local folder (Aegis.Reporting in the host).</summary>
public interface IVerdictArtifactWriter
{
    /// <returns>Artifact name → path relative to <paramref name="directory"/>.</returns>
    IReadOnlyDictionary<string, string> WriteClass(string directory, ClassFeatures features, ClassAnalysis analysis, Decision decision, CancellationToken cancellationToken);
}
