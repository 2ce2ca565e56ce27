using Aegis.Core.Detection;

namespace Aegis.Scanner;

/// <summary>Steps 1–2 for <see cref="AegisDetector"/>, computed in the model's sandbox.</summary>
internal sealed class SandboxFeatureSource(ModelScan scan, ScanParameters parameters) : IClassFeatureSource
{
    public Task<ClassFeatures> GetClassFeaturesAsync(int label, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        scan.ClassFeaturesAsync(label, parameters, progress, cancellationToken);
}
