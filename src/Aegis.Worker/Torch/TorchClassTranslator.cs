using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Scanning.Workers;
using Aegis.Torch;

namespace Aegis.Worker.Torch;

/// <summary>TranslateClass on this machine with Aegis.Torch (PGD translation and penultimate features), one class at a time.</summary>
public sealed class TorchClassTranslator : IClassTranslator, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LoadedInputs _loaded = new();

    public async Task<ClassFeatures> TranslateAsync(ClassTranslationRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var model = _loaded.Model(request.ModelPath);
            var training = _loaded.Dataset(request.DatasetDirectory, DatasetSplit.Train);
            var source = TorchErrors.Guard(() => new InProcessFeatureSource(model, training, request.Parameters));
            return await source.GetClassFeaturesAsync(request.Label, progress, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _loaded.Dispose();
        _gate.Dispose();
    }
}
