using Aegis.Core.Datasets;
using Aegis.Torch.Models;

namespace Aegis.Worker.Torch;

/// <summary>
/// Keeps the last model and the training datasets loaded, since one worker translates many
/// classes of the same scan in a row. Not thread-safe: callers translate one class at a time.
/// </summary>
internal sealed class LoadedInputs : IDisposable
{
    private string? _modelPath;
    private TorchScriptClassifier? _model;
    private readonly Dictionary<(string, DatasetSplit), ImageDataset> _datasets = [];

    public TorchScriptClassifier Model(string path)
    {
        if (_model is not null && _modelPath == path)
            return _model;
        _model?.Dispose();
        _model = null;
        ModelSafetyGate.EnsureSafe(path);
        _model = TorchErrors.Guard(() => TorchScriptClassifier.Load(path));
        _modelPath = path;
        return _model;
    }

    public ImageDataset Dataset(string directory, DatasetSplit split)
    {
        if (_datasets.TryGetValue((directory, split), out var dataset))
            return dataset;
        if (_datasets.Count >= 4)
            _datasets.Clear();
        dataset = TorchErrors.Guard(() => DatasetLoader.Load(directory, split));
        _datasets[(directory, split)] = dataset;
        return dataset;
    }

    public void Dispose() => _model?.Dispose();
}
