using Aegis.Sandbox.Protocol;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch;
using Aegis.Torch.Models;

namespace Aegis.Sandbox.Child;

/// <summary>
/// What the sandbox holds between requests: the model (opened once), the dataset, and each
/// parameter set's feature source (whose clean features are extracted once for all classes).
/// Operations write their large arrays through <see cref="WriteArray(string, float[], int[])"/>.
/// </summary>
public sealed class SandboxContext(string outputDirectory)
{
    private readonly Dictionary<string, InProcessFeatureSource> _sources = [];
    private long _request;

    public string OutputDirectory { get; } = outputDirectory;
    public IImageClassifier? Model { get; set; }
    public ImageDataset? Training { get; set; }
    /// <summary>The held-out split; null when the dataset has none.</summary>
    public ImageDataset? Test { get; set; }
    /// <summary>The current request's progress: every report also tells the parent the model is still moving.</summary>
    public IProgress<double> Progress { get; private set; } = new Progress<double>();

    public void Begin(long request, IProgress<double> progress)
    {
        _request = request;
        Progress = progress;
    }

    public IImageClassifier RequireModel() => Model ?? throw new InvalidOperationException("No model is open: open-model must come first.");

    public ImageDataset RequireTraining() => Training ?? throw new InvalidOperationException("No dataset is loaded: load-dataset must come first.");

    /// <summary>The feature source for these parameters, made once so clean features are extracted once per scan.</summary>
    public InProcessFeatureSource SourceFor(ScanParameters parameters)
    {
        string key = SandboxJson.Serialize(parameters);
        if (!_sources.TryGetValue(key, out var source))
        {
            if (_sources.Count >= 4)
                _sources.Clear();
            _sources[key] = source = new InProcessFeatureSource(RequireModel(), RequireTraining(), parameters);
        }
        return source;
    }

    public void ForgetSources() => _sources.Clear();

    public ArrayRef WriteArray(string name, float[] values, params int[] shape) =>
        SandboxArrays.Write(OutputDirectory, $"{_request}-{name}.bin", values, shape);

    public ArrayRef WriteArray(string name, int[] values, params int[] shape) =>
        SandboxArrays.Write(OutputDirectory, $"{_request}-{name}.bin", values, shape);
}
