namespace Aegis.Core.Detection;

/// <summary>
/// Produces steps 1–2 of AEGIS (translation toward a label, penultimate features) for one label.
/// Implemented in-process by Aegis.Torch and remotely by GPU workers.
/// </summary>
public interface IClassFeatureSource
{
    Task<ClassFeatures> GetClassFeaturesAsync(int label, IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}
