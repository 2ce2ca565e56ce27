using System.Diagnostics;
using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Activities;
using Aegis.Torch;
using Aegis.Torch.Models;

namespace Aegis.Worker.Torch;

/// <summary>PrepareScan's Torch part: load and validate the model, check it against the dataset, fingerprint it, run the robustness pre-check.</summary>
public sealed class TorchModelInspector : IModelInspector
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<ModelInspection> InspectAsync(ModelInspectionRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Inspect(request, cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ModelInspection Inspect(ModelInspectionRequest request, CancellationToken cancellationToken)
    {
        ModelSafetyGate.EnsureSafe(request.ModelPath);
        using var model = TorchErrors.Guard(() => TorchScriptClassifier.Load(request.ModelPath, new TorchScriptLoadOptions { Name = request.ModelName }));
        var training = TorchErrors.Guard(() => DatasetLoader.Load(request.DatasetDirectory, DatasetSplit.Train));
        TorchErrors.Guard(() => { DatasetCompatibility.EnsureMatches(model, training); return 0; });

        var modelInfo = new ModelInfo(request.ModelName, ModelFingerprint.Sha256(request.ModelPath), model.Format)
        {
            SizeBytes = new FileInfo(request.ModelPath).Length,
            InputShape = model.InputShape.ToString(),
            Classes = model.ClassCount,
            FeatureDimension = model.FeatureDimension,
        };

        RobustnessReport? robustness = null;
        int testImages = 0;
        var clock = Stopwatch.StartNew();
        if (request.Parameters.Robustness.Enabled)
        {
            var test = TorchErrors.Guard(() => DatasetLoader.Load(request.DatasetDirectory, DatasetSplit.Test));
            testImages = test.Count;
            robustness = TorchErrors.Guard(() => new RobustnessCheck(model, Math.Max(1, request.Parameters.BatchSize))
                .Run(test, request.Parameters.Robustness, request.Parameters.RandomSeed, cancellationToken));
        }

        var datasetInfo = new DatasetInfo(request.DatasetName, $"datasets/{request.DatasetName}")
        {
            TrainImages = training.Count,
            TestImages = testImages,
            ImageShape = $"{training.Channels}x{training.Height}x{training.Width}",
        };
        return new ModelInspection(modelInfo, datasetInfo, robustness, model.ClassCount, clock.Elapsed.TotalSeconds);
    }
}
