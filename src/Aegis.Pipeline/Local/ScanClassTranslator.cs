using Aegis.Core.Detection;
using Aegis.Scanner;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Local;

/// <summary>TranslateClass on this machine: the scan assembly's class features, in a sandbox kept open across the classes of one model (and their trigger checks).</summary>
public sealed class ScanClassTranslator(ModelScanPool pool) : IClassTranslator
{
    public Task<ClassFeatures> TranslateAsync(ClassTranslationRequest request, IProgress<double>? progress, CancellationToken cancellationToken) =>
        ScanInputErrors.GuardAsync(() => pool.ClassFeaturesAsync(Target(request.ModelPath, request.DatasetDirectory), request.Parameters, request.Label, progress, cancellationToken));

    /// <summary>A model and dataset in the local cache, named as the pool keys its sandboxes.</summary>
    internal static ScanTarget Target(string modelPath, string datasetDirectory) =>
        new(modelPath, Path.GetFileName(modelPath), datasetDirectory, datasetDirectory);
}
