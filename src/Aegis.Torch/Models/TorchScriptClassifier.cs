using System.Runtime.InteropServices;
using Aegis.Core.Detection;
using static TorchSharp.torch;

namespace Aegis.Torch.Models;

/// <summary>
/// A TorchScript export (<c>torch.jit.save</c>) read with TorchSharp and checked against the scanner's
/// contract on load, so a bad model fails here with a precise message instead of deep inside a scan.
/// Parameters are frozen and the module is in eval mode: the scanner only ever differentiates with
/// respect to the input.
/// </summary>
public sealed class TorchScriptClassifier : IImageClassifier
{
    /// <summary>Shapes tried in order when the options give none: Fashion-MNIST/MNIST, then CIFAR-10.</summary>
    public static readonly IReadOnlyList<ImageShape> ProbedShapes = [new(1, 28, 28), new(3, 32, 32)];

    /// <summary>Most logits the scanner accepts (ImageNet has 1000 classes).</summary>
    public const int MaxClasses = 1000;
    /// <summary>Most feature values per image the scanner accepts: 8x ResNet-50's 2048, and small enough for the honest-features check.</summary>
    public const int MaxFeatureDimension = 16_384;

    private const int ProbeBatch = 2;
    private readonly jit.ScriptModule _module;
    private bool _disposed;

    private TorchScriptClassifier(jit.ScriptModule module, string name, ImageShape shape, int classCount, int featureDimension, Device device)
    {
        _module = module;
        Device = device;
        Name = name;
        InputShape = shape;
        ClassCount = classCount;
        FeatureDimension = featureDimension;
    }

    public string Name { get; }
    public string Format => "torchscript";
    public ImageShape InputShape { get; }
    public int ClassCount { get; }
    public int FeatureDimension { get; }
    public Device Device { get; }

    /// <summary>
    /// Loads and validates a TorchScript model. Without <see cref="TorchScriptLoadOptions.InputShape"/> the
    /// input shape is the first of <see cref="ProbedShapes"/> on which <c>forward</c> runs.
    /// </summary>
    /// <exception cref="ModelLoadException">The file is missing, empty, not a TorchScript archive or corrupt.</exception>
    /// <exception cref="ModelContractException">The model loads but does not behave as the scanner needs.</exception>
    public static TorchScriptClassifier Load(string path, TorchScriptLoadOptions? options = null)
    {
        options ??= new TorchScriptLoadOptions();
        TorchRuntime.EnsureConfigured();
        var device = options.Device ?? CPU;
        var module = Open(path, device);
        try
        {
            module.eval();
            foreach (var parameter in module.parameters())
                parameter.requires_grad = false;

            var shape = ProbeShape(module, options.InputShape, device);
            var (classCount, featureDimension) = Validate(module, shape, options.ClassCount, device);
            string name = options.Name ?? Path.GetFileNameWithoutExtension(path);
            return new TorchScriptClassifier(module, name, shape, classCount, featureDimension, device);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public Tensor Logits(Tensor images)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (Tensor)_module.forward(images);
    }

    public Tensor Features(Tensor images)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var features = _module.invoke<Tensor>("features", images);
        return features.dim() == 2 ? features : features.flatten(1);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _module.Dispose();
    }

    private static jit.ScriptModule Open(string path, Device device)
    {
        if (!File.Exists(path))
            throw new ModelLoadException($"Model file not found: {path}");
        var header = new byte[4];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"Model file cannot be read: {path}: {e.Message}", e);
        }
        if (read == 0)
            throw new ModelLoadException($"Model file is empty: {path}");
        // torch.jit.save writes a zip archive; anything else (a pickled state_dict from torch.save of old
        // PyTorch, ONNX, random bytes) is rejected before libtorch prints a confusing error.
        if (read < 4 || header[0] != (byte)'P' || header[1] != (byte)'K' || header[2] != 3 || header[3] != 4)
            throw new ModelLoadException($"{Path.GetFileName(path)} is not a TorchScript archive (expected the zip file written by torch.jit.save of a scripted or traced model).");
        try
        {
            return jit.load(path, device.type, device.index);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            // libtorch's own words may quote the archive's code; they go to standard error, not into the verdict.
            Console.Error.WriteLine($"jit.load: {e.Message}");
            throw new ModelLoadException($"{Path.GetFileName(path)} could not be loaded as TorchScript (corrupt or truncated archive, code that does not compile, or saved by an incompatible PyTorch).", e);
        }
    }

    private static ImageShape ProbeShape(jit.ScriptModule module, ImageShape? requested, Device device)
    {
        var candidates = requested is ImageShape shape ? [shape] : ProbedShapes;
        foreach (var candidate in candidates)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            try
            {
                module.forward(ProbeInput(candidate, device));
                return candidate;
            }
            catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException && !AllocationFailure.IsIn(e))
            {
                Console.Error.WriteLine($"forward on {candidate}: {e.Message}");
            }
        }
        throw new ModelContractException(
            $"forward failed on a float32 [N,C,H,W] batch of every input shape tried ({string.Join(", ", candidates)}). " +
            "The model must take float32 images [N,C,H,W] in [0,1]; pass the input shape explicitly if it is not 1x28x28 or 3x32x32.");
    }

    // Every shape, count and type below is the model's doing: messages name the rank and what was expected, never the model's numbers.
    private static (int ClassCount, int FeatureDimension) Validate(jit.ScriptModule module, ImageShape shape, int? expectedClasses, Device device)
    {
        using var scope = NewDisposeScope();
        var input = ProbeInput(shape, device).requires_grad_(true);

        var output = module.forward(input);
        if (output is not Tensor logits)
            throw new ModelContractException("forward returned something other than a tensor; it must return one logits tensor [N,K].");
        if (logits.dim() != 2 || logits.shape[0] != ProbeBatch)
            throw new ModelContractException($"forward on a [{ProbeBatch},{shape.Channels},{shape.Height},{shape.Width}] batch returned a rank-{Math.Min(logits.dim(), 9)} tensor of another shape; it must return logits [{ProbeBatch},K].");
        if (logits.shape[1] < 2)
            throw new ModelContractException("forward returned fewer than 2 logits per image; a classifier needs at least 2 classes.");
        if (logits.shape[1] > MaxClasses)
            throw new ModelContractException($"forward returned more than {MaxClasses} logits per image, more than the scanner supports.");
        int classCount = (int)logits.shape[1];
        if (expectedClasses is int k && k != classCount)
            throw new ModelContractException($"forward's number of logits per image is not the {k} classes expected.");
        if (logits.dtype != ScalarType.Float32)
            throw new ModelContractException("forward returned logits that are not float32.");
        if (!isfinite(logits).all().item<bool>())
            throw new ModelContractException("forward returned non-finite logits (NaN or infinity) on a valid input in [0,1].");

        Tensor features;
        try
        {
            features = module.invoke<Tensor>("features", input);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            Console.Error.WriteLine($"features: {e.Message}");
            throw new ModelContractException(
                "model has no usable exported 'features' method: export the penultimate activations with @torch.jit.export def features(self, x) -> Tensor.", e);
        }
        if (features.dim() < 2 || features.shape[0] != ProbeBatch)
            throw new ModelContractException($"features on a batch of {ProbeBatch} returned a rank-{Math.Min(features.dim(), 9)} tensor of another shape; it must return [{ProbeBatch},D] (or [{ProbeBatch},...], which is flattened).");
        if (features.dtype != ScalarType.Float32)
            throw new ModelContractException("features returned values that are not float32.");
        var flat = features.flatten(1);
        if (flat.shape[1] < 1 || flat.shape[1] > MaxFeatureDimension)
            throw new ModelContractException($"features must have 1 to {MaxFeatureDimension} values per image (a penultimate layer; ResNet-50's has 2048).");
        if (!isfinite(flat).all().item<bool>())
            throw new ModelContractException("features returned non-finite values (NaN or infinity) on a valid input in [0,1].");

        // libtorch's autograd errors escape TorchSharp's native grad call as a process abort, so the cases
        // it would reject (output detached from the input, input unused) are detected before and after it.
        if (!logits.requires_grad)
            throw new ModelContractException("the logits do not depend differentiably on the input (forward detaches or runs without grad); the scanner needs gradients with respect to the input.");
        var gradient = autograd.grad([logits.sum()], [input], allow_unused: true)[0];
        bool usable = gradient is not null && !gradient.IsInvalid
            && isfinite(gradient).all().item<bool>() && gradient.abs().sum().item<float>() > 0f;
        if (!usable)
            throw new ModelContractException("the gradient of the logits with respect to the input is missing, zero or non-finite; the scanner needs a differentiable forward.");

        return (classCount, (int)flat.shape[1]);
    }

    /// <summary>A fixed, non-degenerate batch in [0,1]: a ramp, so every pixel differs and no ReLU path is trivially dead.</summary>
    private static Tensor ProbeInput(ImageShape shape, Device device) =>
        linspace(0, 1, ProbeBatch * shape.Size, dtype: ScalarType.Float32, device: device).reshape(ProbeBatch, shape.Channels, shape.Height, shape.Width);
}
