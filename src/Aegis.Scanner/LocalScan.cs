using System.Diagnostics;
using Aegis.Core;
using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Core.Verdicts;
using Aegis.Reporting;
using Aegis.Reporting.Page;

namespace Aegis.Scanner;

/// <summary>
/// A whole scan on this machine (`aegis scan`, `demo`, `bench`): <see cref="ModelScan"/>'s steps in
/// order, AEGIS over every class of a robust model (Neural Cleanse otherwise, <see cref="Detectors"/>), the verdict and pictures, verdict.json. Every
/// failure ends as an error verdict.
/// </summary>
public static class LocalScan
{
    public const string VerdictFile = "verdict.json";

    public static async Task<ScanVerdict> RunAsync(LocalScanRequest request, IProgress<ScanProgress>? progress = null,
        Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var parameters = request.Parameters;
        ScanOutcome? outcome = null;
        try
        {
            parameters.EnsureValid();
            status?.Invoke("Starting the model's sandbox");
            var target = new ScanTarget(request.ModelPath, ModelName(request.ModelPath), request.DataDirectory, Path.GetFullPath(request.DataDirectory));
            await using var scan = await ModelScan.OpenAsync(target, request.Sandbox, cancellationToken);
            var prepared = await scan.PrepareAsync(parameters, status, cancellationToken);
            outcome = new ScanOutcome
            {
                Model = prepared.Model,
                Dataset = prepared.Dataset,
                Parameters = parameters,
                Robustness = prepared.Robustness,
                InputGate = prepared.InputGate,
                StartedAt = started,
                Timings = new Timings { Robustness = prepared.RobustnessSeconds, InputGate = prepared.InputGateSeconds },
            };
            // A model that answers real images differently under imperceptible changes is judged by that alone; the paper's
            // pre-check (V-C): AEGIS says nothing about models that are not robust; Neural Cleanse does (RQ3).
            switch (Detectors.Choose(parameters.Detector, prepared.Robustness, prepared.InputGate))
            {
                case null:
                    var ended = outcome with { Timings = outcome.Timings with { Total = total.Elapsed.TotalSeconds }, CompletedAt = DateTimeOffset.UtcNow };
                    return Finish(request, prepared.InputGate is { Gated: true } ? VerdictBuilder.InputGated(ended) : VerdictBuilder.NotApplicable(ended));
                case Detectors.NeuralCleanse:
                    return Finish(request, await NeuralCleanseScan.RunAsync(scan, prepared.Classes, outcome,
                        request.WriteReport ? request.OutputDirectory : null, status, total, cancellationToken));
                case Detectors.MmBd:
                    return Finish(request, await MmBdScan.RunAsync(scan, prepared.Classes, outcome, status, total, cancellationToken));
            }

            // Every run draws its own seeds, translations, embedding and probe images; the first run's
            // features are kept for the evidence and the numbers shown.
            var kept = new Dictionary<int, ClassFeatures>();
            var runs = new List<DetectionResult>();
            for (int run = 0; run < parameters.Runs; run++)
            {
                status?.Invoke(parameters.Runs == 1 ? "Running AEGIS" : $"Running AEGIS (run {run + 1} of {parameters.Runs})");
                var runParameters = parameters with { RandomSeed = parameters.RandomSeed + run };
                bool first = run == 0;
                // The trigger rule's causal check stamps patches on held-out images, never on the seeds.
                var probe = parameters.Trigger.Enabled ? new SandboxTriggerProbe(scan, runParameters) : null;
                var detector = new AegisDetector(runParameters, probe)
                {
                    ClassAnalysed = (features, _, _) =>
                    {
                        if (first)
                            kept[features.Label] = features;
                        if (first && request.SaveFeatures)
                            SaveFeatures(request.OutputDirectory, features);
                        return Task.CompletedTask;
                    },
                };
                runs.Add(await detector.DetectAsync(new SandboxFeatureSource(scan, runParameters), prepared.Classes, progress, cancellationToken));
            }
            var result = runs[0] with { Decision = RunMajority.Combine(runs.Select(r => r.Decision).ToArray()) };

            status?.Invoke("Drawing the evidence");
            outcome = outcome with
            {
                Timings = outcome.Timings with { Total = total.Elapsed.TotalSeconds },
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

    /// <summary>The file name without extension; a lab model's folder name (its descriptor's name is used when it has one).</summary>
    private static string ModelName(string path) =>
        Directory.Exists(path) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))) : Path.GetFileNameWithoutExtension(path);

    private static ScanVerdict Finish(LocalScanRequest request, ScanVerdict verdict)
    {
        VerdictJson.WriteFile(Path.Combine(request.OutputDirectory, VerdictFile), verdict);
        // A verdict with classes got its report.html with its pictures (ReportArtifacts.WriteScan); the others get it here.
        if (request.WriteReport && verdict.Classes.Count == 0)
            ReportPage.Write(verdict, request.OutputDirectory);
        return verdict;
    }

    private static void SaveFeatures(string outputDirectory, ClassFeatures features)
    {
        string folder = Path.Combine(outputDirectory, "features");
        Directory.CreateDirectory(folder);
        Npy.Write(Path.Combine(folder, $"class-{features.Label}.npy"), Matrix.VerticalConcat(features.Translated, features.Clean));
        Npy.Write(Path.Combine(folder, $"class-{features.Label}-translated.npy"), features.Translated);
    }
}
