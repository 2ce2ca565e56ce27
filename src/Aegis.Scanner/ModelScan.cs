using System.Diagnostics;
using Aegis.Sandbox;
using Aegis.Sandbox.Operations;
using Aegis.Sandbox.Protocol;
using Aegis.Core;
using Aegis.Core.Detection;
using Aegis.Core.Datasets;
using Aegis.Core.Integrity;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Core.Text;

namespace Aegis.Scanner;

/// <summary>
/// The one scan assembly. Every driver scans through it — the command line's `scan`, `demo` and
/// `bench` (<see cref="LocalScan"/>), the pipeline's PrepareScan (<see cref="PrepareAsync"/>
/// through its model inspector) and the workers' TranslateClass (<see cref="ModelScanPool"/>):
/// <list type="number">
/// <item><see cref="OpenAsync"/>: the static model check (Aegis.ModelSafety) and its canonical copy of the model, then start the model's sandbox, load the copy in it, check the model contract;</item>
/// <item><see cref="LoadDatasetAsync"/>: the clean training data, checked against the model;</item>
/// <item><see cref="ProbeInputGateAsync"/>: does the model answer real images the same under changes no real pipeline notices (a model that does not is backdoored, input-gated, and no detector runs);</item>
/// <item><see cref="CheckRobustnessAsync"/>: the paper's pre-check (not robust: not applicable);</item>
/// <item><see cref="CheckFeaturesAsync"/>: the exported features must explain the logits;</item>
/// <item><see cref="ReverseTriggersAsync"/>: Neural Cleanse's model-side work, for models that are not robust;</item>
/// <item><see cref="ClassFeaturesAsync"/>: steps 1–2 of AEGIS for a class; steps 3–5 are Aegis.Core's
/// ClassAnalyzer and DecisionRule (AegisDetector runs them in order), and the verdict and its
/// pictures come from Aegis.Core's VerdictAssembler.</item>
/// </list>
/// The model never runs in this process. Every failure is a <see cref="ScanFailureException"/>
/// with the verdict's error code; everything the sandbox sends back is checked here (shapes,
/// ranges, finiteness) before it is used, and none of its numbers reaches a message.
/// </summary>
public sealed class ModelScan : IAsyncDisposable
{
    private readonly SandboxSession _session;
    private readonly ModelDescription _model;
    private readonly ScanTarget _target;
    private DatasetDescription? _dataset;

    private ModelScan(SandboxSession session, ModelDescription model, ModelInfo info, ScanTarget target, string loadedModelPath)
    {
        _session = session;
        _model = model;
        Model = info;
        _target = target;
        LoadedModelPath = loadedModelPath;
    }

    public ModelInfo Model { get; }
    public int ClassCount => _model.ClassCount;
    public ImageShape InputShape => _model.InputShape;

    /// <summary>Starts the sandbox with the model and dataset (read-only) and opens the model there.</summary>
    public static async Task<ModelScan> OpenAsync(ScanTarget target, SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(target.ModelPath) && !Directory.Exists(target.ModelPath))
            throw new ScanFailureException(ErrorCodes.ModelNotFound, $"Model file not found: {target.ModelPath}");
        if (!Directory.Exists(target.DatasetDirectory))
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{target.DatasetDirectory}: dataset folder not found.");
        // The static check comes first: an unsafe model never reaches libtorch, not even in the
        // sandbox; and libtorch never reads the upload, only the check's canonical copy of it.
        using var loaded = CanonicalModel.Create(target.ModelPath);
        var session = await SandboxSession.StartAsync([loaded.Input, new SandboxInput(DataInput, target.DatasetDirectory)], options, cancellationToken);
        try
        {
            var description = await session.CallAsync<ModelDescription>(OperationNames.OpenModel,
                new OpenModelRequest(session.PathOf(loaded.Input), target.ModelName, options.Device), cancellationToken: cancellationToken);
            // libtorch has read the whole archive into memory: the copy goes now, so a worker
            // killed later in the scan leaves no copy behind.
            loaded.Dispose();
            ModelDescriptionCheck.Ensure(description);
            var upload = ModelFiles.Input(target.ModelPath);
            var info = new ModelInfo(ModelDescriptionCheck.DisplayName(description, target.ModelName), ModelFiles.Sha256(upload, description.WeightsFile), description.Format)
            {
                CanonicalSha256 = loaded.Copy?.Sha256,
                SizeBytes = ModelFiles.Size(upload, description.WeightsFile),
                InputShape = description.InputShape.ToString(),
                Classes = description.ClassCount,
                FeatureDimension = description.FeatureDimension,
                Device = description.Device,
                Containment = new ContainmentInfo(session.Isolation)
                {
                    Walls = session.Walls,
                    LandlockAbi = session.LandlockAbi,
                    Note = session.IsolationNote,
                    MemoryLimitBytes = options.MaxMemoryBytes,
                    TimeoutSeconds = options.Timeout.TotalSeconds,
                    StepTimeoutSeconds = options.StepTimeout.TotalSeconds,
                },
            };
            return new ModelScan(session, description, info, target, loaded.Input.HostPath);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>The file the sandbox loaded the model from: the canonical copy of a TorchScript model (deleted once loaded), a lab model's own folder.</summary>
    internal string LoadedModelPath { get; }

    private const string DataInput = "data";

    /// <summary>
    /// Steps 2–4 for a scan that has everything in one place: dataset, classes, the input-gate probe,
    /// robustness, honest features. A model the input-gate probe flags gets no further: every later step
    /// would show the scanner the model it chooses to show.
    /// </summary>
    public async Task<PreparedModel> PrepareAsync(ScanParameters parameters, Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        parameters.EnsureValid();
        status?.Invoke("Reading the training data");
        var dataset = await LoadDatasetAsync(cancellationToken);
        var classes = parameters.ClassesOf(ClassCount);
        var prepared = new PreparedModel { Model = Model, Dataset = dataset, Classes = classes, ClassCount = ClassCount };
        if (parameters.InputGate.Enabled)
        {
            status?.Invoke("Checking that the model answers real images alike under changes no image pipeline notices");
            var gateClock = Stopwatch.StartNew();
            var gate = await ProbeInputGateAsync(parameters, cancellationToken);
            prepared = prepared with { InputGate = gate, InputGateSeconds = gateClock.Elapsed.TotalSeconds };
            if (gate.Gated)
                return prepared;
        }
        if (!parameters.Robustness.Enabled)
        {
            status?.Invoke("Checking that the features explain the logits");
            await CheckFeaturesAsync(parameters, cancellationToken);
            return prepared;
        }

        status?.Invoke("Checking adversarial robustness");
        var clock = Stopwatch.StartNew();
        var robustness = await CheckRobustnessAsync(parameters, cancellationToken);
        prepared = prepared with { Robustness = robustness, RobustnessSeconds = clock.Elapsed.TotalSeconds };
        if (prepared.Applicable)
        {
            status?.Invoke("Checking that the features explain the logits");
            await CheckFeaturesAsync(parameters, cancellationToken);
        }
        return prepared;
    }

    /// <summary>True once <see cref="LoadDatasetAsync"/> has loaded the dataset in the sandbox.</summary>
    public bool HasDataset => _dataset is not null;

    public async Task<DatasetInfo> LoadDatasetAsync(CancellationToken cancellationToken = default)
    {
        DatasetDescription dataset;
        try
        {
            dataset = await _session.CallAsync<DatasetDescription>(OperationNames.LoadDataset,
                new LoadDatasetRequest(_session.PathOf(new SandboxInput(DataInput, _target.DatasetDirectory))), cancellationToken: cancellationToken);
        }
        catch (ScanFailureException e) when (e.Code is ErrorCodes.DatasetInvalid or ErrorCodes.DatasetMismatch or ErrorCodes.Internal)
        {
            throw DatasetDiagnosis.Explain(e, _target.DatasetDirectory, InputShape, ClassCount);
        }
        if (dataset.TrainImages < 1 || dataset.TestImages < 0 || dataset.ImageShape != InputShape || dataset.ClassCount != ClassCount)
            throw SandboxLied("the dataset it read");
        _dataset = dataset;
        return new DatasetInfo(UntrustedText.Quote(dataset.Name), _target.DatasetSource)
        {
            TrainImages = dataset.TrainImages,
            TestImages = dataset.TestImages,
            ImageShape = dataset.ImageShape.ToString(),
        };
    }

    /// <summary>The robustness pre-check; the decision is taken here from the measured accuracies.</summary>
    public async Task<RobustnessReport> CheckRobustnessAsync(ScanParameters parameters, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        var result = await _session.CallAsync<RobustnessResult>(OperationNames.CheckRobustness,
            new CheckRobustnessRequest(parameters.Robustness, parameters.RandomSeed, parameters.BatchSize), cancellationToken: cancellationToken);
        var measured = result.Report;
        if (!(measured.CleanAccuracy is >= 0 and <= 1) || !(measured.AdversarialAccuracy is >= 0 and <= 1) || measured.Samples < 1 || measured.Samples > parameters.Robustness.Samples)
            throw SandboxLied("the robustness check");
        return RobustnessAssessment.Assess(measured.CleanAccuracy, measured.AdversarialAccuracy, measured.Samples, parameters.Robustness, InputShape, result.OnTrainingImages);
    }

    /// <summary>The input-gate probe (Aegis.Core's <see cref="InputGateRule"/>), judged here on the logits the sandbox returns.</summary>
    public async Task<InputGateReport> ProbeInputGateAsync(ScanParameters parameters, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        var gate = parameters.InputGate;
        int images = Math.Min(gate.Images, _dataset!.TestImages > 0 ? _dataset.TestImages : _dataset.TrainImages);
        int rows = (1 + InputGateVariants.All.Count) * images;
        var result = await _session.CallAsync<InputGateArrays>(OperationNames.ProbeInputGate,
            new ProbeInputGateRequest(gate.Images, parameters.RandomSeed, parameters.BatchSize), cancellationToken: cancellationToken);
        var (logits, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, result.Logits, [rows, ClassCount], rows, ArrayValues.Finite);
        var finite = SandboxArrays.ReadLabels(_session.OutputDirectory, result.Finite, [rows], rows, 2);
        if (finite.Take(images).Any(f => f != 1))
            throw SandboxLied("the input-gate probe");
        return InputGateRule.Judge(logits, finite, images, ClassCount, gate);
    }

    /// <summary>The honest-features check (Aegis.Core's <see cref="FeatureConsistency"/>), computed here on the probe's logits and features.</summary>
    public async Task CheckFeaturesAsync(ScanParameters parameters, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        int images = FeatureConsistency.ProbeImages(_model.FeatureDimension);
        var probe = await _session.CallAsync<FeatureProbeArrays>(OperationNames.ProbeFeatures,
            new ProbeFeaturesRequest(images, parameters.RandomSeed, parameters.EpsilonFor(InputShape), parameters.StepSize, parameters.Steps, parameters.BatchSize),
            cancellationToken: cancellationToken);
        var (logits, rows) = SandboxArrays.ReadFloat32(_session.OutputDirectory, probe.Logits, [-1, ClassCount], images, ArrayValues.Finite);
        var (features, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, probe.Features, [rows, _model.FeatureDimension], rows, ArrayValues.Finite);
        if (rows < _model.FeatureDimension + 2)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid,
                $"The training data has too few images for the honest-features check ({images} are needed for this model's feature size).");
        FeatureConsistency.Ensure(logits, features, rows, ClassCount, _model.FeatureDimension);
    }

    /// <summary>Steps 1–2 of AEGIS for one class, every array checked before it is trusted.</summary>
    public async Task<ClassFeatures> ClassFeaturesAsync(int label, ScanParameters parameters, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        if (label < 0 || label >= ClassCount)
            throw new ScanFailureException(ErrorCodes.InvalidParameters, $"Class {label} does not exist: the model has classes 0..{ClassCount - 1}.");
        var result = await _session.CallAsync<ClassFeaturesResult>(OperationNames.ClassFeatures, new ClassFeaturesRequest(label, parameters), progress, cancellationToken);
        string folder = _session.OutputDirectory;
        int dimension = _model.FeatureDimension, size = InputShape.Size;
        var (translated, seeds) = SandboxArrays.ReadFloat32(folder, result.Translated, [-1, dimension], parameters.Seeds, ArrayValues.Finite);
        var (clean, cleanRows) = SandboxArrays.ReadFloat32(folder, result.Clean, [-1, dimension], parameters.CleanPerClass, ArrayValues.Finite);
        var (translatedImages, _) = SandboxArrays.ReadFloat32(folder, result.TranslatedImages, [seeds, size], seeds, ArrayValues.UnitInterval);
        var (cleanImages, _) = SandboxArrays.ReadFloat32(folder, result.CleanImages, [cleanRows, size], cleanRows, ArrayValues.UnitInterval);
        var (centroids, _) = SandboxArrays.ReadFloat32(folder, result.Centroids, [ClassCount, dimension], ClassCount, ArrayValues.Finite);
        var seedLabels = SandboxArrays.ReadLabels(folder, result.SeedLabels, [seeds], seeds, ClassCount);
        if (cleanRows < 2 || !(result.TranslationSuccess is >= 0 and <= 1) || !(result.TranslationSeconds >= 0) || !(result.FeatureSeconds >= 0))
            throw SandboxLied($"the features of class {label}");
        return new ClassFeatures
        {
            Label = label,
            Translated = new Matrix(seeds, dimension, translated),
            Clean = new Matrix(cleanRows, dimension, clean),
            Shape = InputShape,
            TranslatedImages = translatedImages,
            CleanImages = cleanImages,
            ClassCentroids = new Matrix(ClassCount, dimension, centroids),
            SeedLabels = seedLabels,
            TranslationSuccess = result.TranslationSuccess,
            TranslationSeconds = result.TranslationSeconds,
            FeatureSeconds = result.FeatureSeconds,
        };
    }

    /// <summary>Seconds per image of a bare forward + input-gradient pass at <paramref name="batchSize"/> (the translation's floor, for `aegis bench`).</summary>
    public async Task<double> MeasureFloorAsync(int batchSize, int passes, CancellationToken cancellationToken = default)
    {
        var result = await _session.CallAsync<MeasureFloorResult>(OperationNames.MeasureFloor, new MeasureFloorRequest(batchSize, passes), cancellationToken: cancellationToken);
        if (!(result.SecondsPerImage is > 0 and < 60))
            throw SandboxLied("the floor measurement");
        return result.SecondsPerImage;
    }

    /// <summary>The trigger rule's causal check for one class; every count is checked before it is trusted.</summary>
    public async Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(int label, IReadOnlyList<TriggerCandidate> candidates, ScanParameters parameters, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        var result = await _session.CallAsync<ProbeTriggerResult>(OperationNames.ProbeTrigger,
            new ProbeTriggerRequest(label, candidates, parameters.Trigger, parameters.RandomSeed, parameters.BatchSize), cancellationToken: cancellationToken);
        if (!TriggerProbeCheck.IsPlausible(result.Counts, candidates.Count, ClassCount, parameters.Trigger.ProbesPerClass))
            throw SandboxLied($"the trigger check of class {label}");
        return result.Counts;
    }

    /// <summary>
    /// Neural Cleanse's reversed trigger for every listed class, the all-to-all row when the parameters ask for it, and the
    /// built-in reference for the training data the sandbox read. Every mask's size is recomputed here from the returned mask.
    /// </summary>
    public async Task<(IReadOnlyList<NeuralCleanseTrigger> Triggers, NeuralCleanseReference? Reference, AllToAllReversal? AllToAll)> ReverseTriggersAsync(IReadOnlyList<int> classes,
        ScanParameters parameters, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        var options = parameters.NeuralCleanse;
        var result = await _session.CallAsync<ReversedTriggers>(OperationNames.ReverseTriggers,
            new ReverseTriggersRequest(classes, options, parameters.RandomSeed), progress, cancellationToken);
        int count = classes.Count, pixels = InputShape.Height * InputShape.Width, size = InputShape.Size;
        var (masks, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, result.Masks, [count, pixels], count, ArrayValues.UnitInterval);
        var (patterns, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, result.Patterns, [count, size], count, ArrayValues.UnitInterval);
        if (result.Triggers.Count != count || !IsFingerprint(result.TrainingFingerprint))
            throw SandboxLied("the reversed triggers");
        var triggers = result.Triggers.Select((numbers, i) => new NeuralCleanseTrigger(numbers.Label, masks.AsSpan(i * pixels, pixels).ToArray(),
            patterns.AsSpan(i * size, size).ToArray(), 0, numbers.AttackSuccess, numbers.Reached, numbers.Cost, numbers.Epochs)
            { HeldOutAttackSuccess = numbers.HeldOutAttackSuccess }).ToArray();
        if (!NeuralCleanseTriggerCheck.IsPlausible(triggers, classes, InputShape, options))
            throw SandboxLied("the reversed triggers");
        AllToAllReversal? allToAll = null;
        if (result.AllToAll is { } row)
        {
            var (mask, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, row.Mask, [1, pixels], 1, ArrayValues.UnitInterval);
            var (pattern, _) = SandboxArrays.ReadFloat32(_session.OutputDirectory, row.Pattern, [1, size], 1, ArrayValues.UnitInterval);
            allToAll = new AllToAllReversal(mask, pattern, 0, row.AttackSuccess, row.Reached, row.Cost, row.Epochs, row.Destinations);
            if (!NeuralCleanseTriggerCheck.IsPlausible(allToAll, ClassCount, InputShape, options))
                throw SandboxLied("the all-to-all row");
        }
        // A sandbox that sends another dataset's fingerprint can only pick that dataset's reference (or none); the sizes are still this model's.
        return (NeuralCleanseTriggerCheck.WithMeasuredSizes(triggers), NeuralCleanseReference.For(result.TrainingFingerprint, ClassCount),
            NeuralCleanseTriggerCheck.WithMeasuredSize(allToAll));
    }

    /// <summary>
    /// MM-BD's statistic for every listed class (<see cref="OperationNames.MaximizeMargins"/>), checked here:
    /// one finite statistic per requested class, in order, within the step limit. The test runs here, not in the sandbox.
    /// </summary>
    public async Task<IReadOnlyList<MmBdClass>> MaximizeMarginsAsync(IReadOnlyList<int> classes, ScanParameters parameters,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        var options = parameters.MmBd;
        var result = await _session.CallAsync<MaximizedMargins>(OperationNames.MaximizeMargins,
            new MaximizeMarginsRequest(classes, options, parameters.RandomSeed, parameters.BatchSize), progress, cancellationToken);
        if (result.Classes is not { } returned || returned.Count != classes.Count
            || returned.Where((c, i) => c is null || c.Label != classes[i] || !double.IsFinite(c.Statistic) || c.Steps < 1 || c.Steps > options.MaxSteps || c.Suspicious).Any())
            throw SandboxLied("the maximum margins");
        return returned;
    }

    /// <summary>
    /// The trace's model-side numbers for one flagged class (<see cref="OperationNames.TraceSamples"/>), on the
    /// training data the sandbox loaded, which must be <paramref name="training"/> (the same rows, read here too).
    /// Every array is checked; the probabilities are computed here from the returned logits.
    /// </summary>
    public async Task<TraceMeasurements> TraceSamplesAsync(TraceTrigger trigger, float[] fill, ImageDataset training, Func<int, string> name,
        int stamped, ScanParameters parameters, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireDataset();
        if (training.Count != _dataset!.TrainImages)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, "The training data changed while it was traced.");
        var expected = training.IndicesOf(trigger.Label);
        int n = expected.Count, classes = ClassCount, dimension = _model.FeatureDimension, size = InputShape.Size;
        var result = await _session.CallAsync<TraceSamplesResult>(OperationNames.TraceSamples,
            new TraceSamplesRequest(trigger.Label, trigger.Mask, trigger.Pattern, fill, stamped, parameters.RandomSeed, parameters.BatchSize), progress, cancellationToken);
        string folder = _session.OutputDirectory;
        var rows = SandboxArrays.ReadLabels(folder, result.Rows, [n], n, training.Count);
        if (!rows.SequenceEqual(expected))
            throw SandboxLied($"the samples of class {trigger.Label}");
        var (logits, _) = SandboxArrays.ReadFloat32(folder, result.Logits, [n, classes], n, ArrayValues.Finite);
        var (covered, _) = SandboxArrays.ReadFloat32(folder, result.CoveredLogits, [n, classes], n, ArrayValues.Finite);
        var (features, _) = SandboxArrays.ReadFloat32(folder, result.Features, [n, dimension], n, ArrayValues.Finite);
        var (stampedLogits, m) = SandboxArrays.ReadFloat32(folder, result.StampedLogits, [-1, classes], stamped, ArrayValues.Finite);
        var (stampedFeatures, _) = SandboxArrays.ReadFloat32(folder, result.StampedFeatures, [m, dimension], m, ArrayValues.Finite);
        var (referenceFeatures, references) = SandboxArrays.ReadFloat32(folder, result.ReferenceFeatures, [-1, dimension], stamped, ArrayValues.Finite);
        var coveredPrediction = new int[n];
        var confidence = new double[n];
        var coveredConfidence = new double[n];
        for (int i = 0; i < n; i++)
        {
            confidence[i] = Softmax.Probability(logits.AsSpan(i * classes, classes), trigger.Label);
            coveredConfidence[i] = Softmax.Probability(covered.AsSpan(i * classes, classes), trigger.Label);
            coveredPrediction[i] = Softmax.ArgMax(covered.AsSpan(i * classes, classes));
        }
        int flipped = Enumerable.Range(0, m).Count(i => Softmax.ArgMax(stampedLogits.AsSpan(i * classes, classes)) == trigger.Label);
        return new TraceMeasurements
        {
            Indices = expected.Select(name).ToArray(),
            Images = training.GetImages(expected),
            Confidence = confidence,
            CoveredConfidence = coveredConfidence,
            CoveredPrediction = coveredPrediction,
            Features = new Matrix(n, dimension, features),
            StampedFeatures = new Matrix(m, dimension, stampedFeatures),
            ReferenceFeatures = new Matrix(references, dimension, referenceFeatures),
            StampedFlip = flipped / (double)m,
        };
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private static bool IsFingerprint(string? text) =>
        text is { Length: 64 } && text.All(char.IsAsciiHexDigitLower);

    private void RequireDataset()
    {
        if (_dataset is null)
            throw new InvalidOperationException("Load the dataset before running the model on it.");
    }

    private static ScanFailureException SandboxLied(string what) =>
        new(ErrorCodes.ModelCrashed, $"The model's sandbox answered with impossible values for {what}; the scan stops.");

}
