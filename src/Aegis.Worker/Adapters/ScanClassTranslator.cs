using Aegis.Containment;
using Aegis.Core.Detection;
using Aegis.Scan;
using Aegis.Scanning.Workers;

namespace Aegis.Worker.Adapters;

/// <summary>TranslateClass on this machine: the scan assembly's class features, in a sandbox kept open across the classes of one model.</summary>
public sealed class ScanClassTranslator(SandboxOptions options) : IClassTranslator, IAsyncDisposable
{
    private readonly ModelScanPool _pool = new(options);

    public Task<ClassFeatures> TranslateAsync(ClassTranslationRequest request, IProgress<double>? progress, CancellationToken cancellationToken) =>
        ScanInputErrors.GuardAsync(() =>
        {
            var target = new ScanTarget(request.ModelPath, Path.GetFileName(request.ModelPath), request.DatasetDirectory, request.DatasetDirectory);
            return _pool.ClassFeaturesAsync(target, request.Parameters, request.Label, progress, cancellationToken);
        });

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
