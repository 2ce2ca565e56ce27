using System.Diagnostics;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Reporting;
using Aegis.Reporting.Page;
using Aegis.Torch;
using Aegis.Torch.Models;

namespace Aegis.Cli.Scanning;

/// <summary>
/// A whole scan in this process: load and check the model and data, the robustness pre-check,
/// AEGIS over every class, the report and verdict.json. Every failure ends as an error verdict.
/// </summary>
public sealed class LocalScanner
{
    public const string VerdictFile = "verdict.json";

    public async Task<ScanVerdict> ScanAsync(LocalScanRequest request, IProgress<ScanProgress>? progress = null,
        Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var parameters = request.Parameters;
        ScanOutcome? outcome = null;
        try
        {
            parameters.EnsureValid();
            status?.Invoke("Reading the model");
            if (!File.Exists(request.ModelPath) && !Directory.Exists(request.ModelPath))
                return Finish(request, VerdictBuilder.Failed(null, ErrorCodes.ModelNotFound, $"Model file not found: {request.ModelPath}"));
            // The static check runs before anything loads the model: an unsafe one never reaches libtorch.
            var safety = ModelSafetyCheck.Check(request.ModelPath);
            if (!safety.IsSafe)
                return Finish(request, VerdictBuilder.Failed(null, safety.ErrorCode!, safety.Describe()));
            using var model = ModelOpener.Open(request.ModelPath);

            status?.Invoke("Reading the training data");
            var training = DatasetLoader.Load(request.DataDirectory, DatasetSplit.Train);
            DatasetCompatibility.EnsureMatches(model, training);
            var labels = parameters.Classes ?? Enumerable.Range(0, model.ClassCount).ToArray();
            foreach (var label in labels.Where(l => l < 0 || l >= model.ClassCount))
                throw new ScanFailureException(ErrorCodes.InvalidParameters, $"Class {label} does not exist: the model has classes 0..{model.ClassCount - 1}.");

            outcome = new ScanOutcome
            {
                Model = DescribeModel(request.ModelPath, model),
                Dataset = new DatasetInfo(training.Name, Path.GetFullPath(request.DataDirectory))
                {
                    TrainImages = training.Count,
                    ImageShape = new ImageShape(training.Channels, training.Height, training.Width).ToString(),
                },
                Parameters = parameters,
                StartedAt = started,
            };

            // The paper's pre-check (V-C): AEGIS says nothing about models that are not robust.
            var robustnessClock = Stopwatch.StartNew();
            if (parameters.Robustness.Enabled)
            {
                status?.Invoke("Checking adversarial robustness");
                var (heldOut, note) = HeldOutData(request.DataDirectory, training);
                var report = new RobustnessCheck(model, parameters.BatchSize).Run(heldOut, parameters.Robustness, parameters.RandomSeed, cancellationToken);
                outcome = outcome with
                {
                    Robustness = report with { Forced = !report.Robust && parameters.Robustness.Force, Note = report.Note ?? note },
                    Dataset = outcome.Dataset with { TestImages = ReferenceEquals(heldOut, training) ? 0 : heldOut.Count },
                };
                if (!report.Robust && !parameters.Robustness.Force)
                    return Finish(request, VerdictBuilder.NotApplicable(outcome with { Timings = new Timings { Robustness = robustnessClock.Elapsed.TotalSeconds, Total = total.Elapsed.TotalSeconds }, CompletedAt = DateTimeOffset.UtcNow }));
            }
            double robustnessSeconds = robustnessClock.Elapsed.TotalSeconds;

            status?.Invoke("Running AEGIS");
            var kept = new Dictionary<int, ClassFeatures>();
            var detector = new AegisDetector(parameters)
            {
                ClassAnalysed = (features, _, _) =>
                {
                    kept[features.Label] = features;
                    if (request.SaveFeatures)
                        SaveFeatures(request.OutputDirectory, features);
                    return Task.CompletedTask;
                },
            };
            var result = await detector.DetectAsync(new InProcessFeatureSource(model, training, parameters), labels, progress, cancellationToken);

            status?.Invoke("Drawing the evidence");
            outcome = outcome with
            {
                Timings = new Timings { Robustness = robustnessSeconds, Total = total.Elapsed.TotalSeconds },
                CompletedAt = DateTimeOffset.UtcNow,
            };
            var assembled = await VerdictAssembler.AssembleAsync(outcome, result.Decision, result.Classes,
                (label, _) => Task.FromResult(kept[label]), request.WriteReport ? new ReportArtifacts() : null, request.OutputDirectory,
                cancellationToken: cancellationToken);
            return Finish(request, assembled.Verdict);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            var error = ScanErrors.Describe(e);
            return Finish(request, VerdictBuilder.Failed(outcome, error.Code, error.Message));
        }
    }

    private static ScanVerdict Finish(LocalScanRequest request, ScanVerdict verdict)
    {
        VerdictJson.WriteFile(Path.Combine(request.OutputDirectory, VerdictFile), verdict);
        // A verdict with classes got its report.html with its pictures (ReportArtifacts.WriteScan); the others get it here.
        if (request.WriteReport && verdict.Classes.Count == 0)
            ReportPage.Write(verdict, request.OutputDirectory);
        return verdict;
    }

    private static ModelInfo DescribeModel(string path, IImageClassifier model)
    {
        string file = File.Exists(path) ? path : Path.Combine(path, Lab.Storage.LabModelStore.WeightsFileName);
        return new ModelInfo(model.Name, ModelFingerprint.Sha256(file), model.Format)
        {
            SizeBytes = new FileInfo(file).Length,
            InputShape = model.InputShape.ToString(),
            Classes = model.ClassCount,
            FeatureDimension = model.FeatureDimension,
        };
    }

    /// <summary>The test split when the folder has one; otherwise the training data, with a note saying so.</summary>
    private static (ImageDataset Data, string? Note) HeldOutData(string directory, ImageDataset training)
    {
        try
        {
            return (DatasetLoader.Load(directory, DatasetSplit.Test), null);
        }
        catch (DatasetFormatException)
        {
            return (training, "No test split found; robustness was measured on training images, which flatters the model.");
        }
    }

    private static void SaveFeatures(string outputDirectory, ClassFeatures features)
    {
        string folder = Path.Combine(outputDirectory, "features");
        Directory.CreateDirectory(folder);
        Npy.Write(Path.Combine(folder, $"class-{features.Label}.npy"), Core.Matrix.VerticalConcat(features.Translated, features.Clean));
        Npy.Write(Path.Combine(folder, $"class-{features.Label}-translated.npy"), features.Translated);
    }
}
