using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner.Tracing;

/// <summary>
/// The trace itself, shared by `aegis trace` (<see cref="LocalTrace"/>) and the pipeline's trace job:
/// which training samples of the classes a verdict flagged carry the trigger. The model runs only in
/// its sandbox (<see cref="ModelScan"/>, operation trace-samples); the training data is read here too,
/// for the samples' pixels and the region's fill. The trigger of each class is the verdict's own
/// evidence — AEGIS's lifted patch — or, for a Neural Cleanse verdict (whose masks the verdict holds
/// only as pictures) and a class flagged without a patch, Neural Cleanse's reversed trigger, reversed
/// again for those classes only. Writes nothing. Every bad input is a <see cref="ScanFailureException"/>.
/// </summary>
public static class SampleTrace
{
    /// <summary>The verdict's model hash, once the verdict is one a trace can start from.</summary>
    public static string CheckVerdict(ScanVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Verdict is not (VerdictKinds.Backdoored or VerdictKinds.Clean))
            throw new ScanFailureException(ErrorCodes.InvalidParameters,
                $"The verdict is '{verdict.Verdict}': only a backdoored verdict names classes to trace (a clean one traces nothing).");
        if (verdict.Model?.Sha256 is not { Length: 64 } verdictHash)
            throw new ScanFailureException(ErrorCodes.InvalidParameters, "The verdict names no model hash (model.sha256): it cannot be matched to the model.");
        return verdictHash;
    }

    /// <summary>The training split of <paramref name="dataDirectory"/>, as the sandbox reads it; no samples is an error.</summary>
    public static ImageDataset ReadTraining(string dataDirectory, string dataSource)
    {
        ImageDataset training;
        try
        {
            training = DatasetLoader.Load(dataDirectory, DatasetSplit.Train);
        }
        catch (DatasetFormatException e)
        {
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, e.Message);
        }
        if (training.Count == 0)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{dataSource}: the training data holds no samples.");
        return training;
    }

    /// <summary>
    /// Traces every flagged class through <paramref name="training"/> (the rows of <see cref="SampleTraceRequest.DataDirectory"/>,
    /// which is the dataset <paramref name="scan"/>'s sandbox holds; it is loaded there if it is not yet).
    /// </summary>
    public static async Task<TraceReport> RunAsync(ModelScan scan, ImageDataset training, SampleTraceRequest request,
        Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        var verdict = request.Verdict;
        string verdictHash = CheckVerdict(verdict);
        request.Parameters.EnsureValid();
        if (!string.Equals(scan.Model.Sha256, verdictHash, StringComparison.OrdinalIgnoreCase))
            throw new ScanFailureException(ErrorCodes.InvalidParameters,
                $"The verdict is for another model: its model.sha256 is {verdictHash}, this model's is {scan.Model.Sha256}.");
        var report = new TraceReport { Model = scan.Model.Name, ModelSha256 = scan.Model.Sha256, Verdict = verdict.Verdict, Data = request.DataSource };
        var flagged = verdict.SuspiciousClasses.Distinct().Order().ToArray();
        if (flagged.Length == 0)
            return report with
            {
                Message = verdict.Verdict == VerdictKinds.Clean
                    ? "The verdict is clean: no class carries a trigger, so no training sample is suspected."
                    : "The verdict names no class (an input-gated model hides which class it favours): there is no trigger to trace.",
            };
        if (flagged.Any(label => label < 0 || label >= scan.ClassCount))
            throw new ScanFailureException(ErrorCodes.InvalidParameters, $"The verdict flags a class this model does not have (it has 0..{scan.ClassCount - 1}).");

        if (!scan.HasDataset)
        {
            status?.Invoke("Loading the training data in the sandbox");
            await scan.LoadDatasetAsync(cancellationToken);
        }
        var triggers = await TriggersAsync(scan, verdict, flagged, request.Parameters, status, cancellationToken);
        // The stamped images come from the test split when there is one (as the sandbox reads it), else from the training rows.
        if (!DatasetLoader.HasSplit(request.DataDirectory, DatasetSplit.Test) && flagged.Any(label => training.IndicesOf(label).Count == training.Count))
            throw new ScanFailureException(ErrorCodes.DatasetInvalid,
                $"{request.DataSource}: no image of another class to stamp the trigger on (the data has only the flagged class and no test split).");
        var fill = MeanImage(training);
        var classes = new List<TracedClass>();
        var suspects = new List<Suspect>();
        foreach (var trigger in triggers)
        {
            if (training.IndicesOf(trigger.Label).Count == 0)
            {
                classes.Add(new TracedClass(trigger.Label, trigger.Source, 0, 0, 0, trigger.Region()));
                continue;
            }
            status?.Invoke($"Tracing class {trigger.Label}'s trigger through its training samples");
            var measured = await scan.TraceSamplesAsync(trigger, fill, training, request.NameOf, request.StampedImages, request.Parameters, cancellationToken: cancellationToken);
            var (traced, scored) = TraceScoring.Score(trigger, measured);
            classes.Add(traced);
            suspects.AddRange(scored);
        }
        return report with { Classes = classes, Suspects = TraceScoring.Sort(suspects) };
    }

    /// <summary>Each flagged class's trigger: the verdict's patch where it has one, Neural Cleanse's reversal (in the sandbox) for the rest.</summary>
    private static async Task<IReadOnlyList<TraceTrigger>> TriggersAsync(ModelScan scan, ScanVerdict verdict, int[] flagged, ScanParameters parameters,
        Action<string>? status, CancellationToken cancellationToken)
    {
        var patches = verdict.Classes.Where(c => c.Trigger is not null).ToDictionary(c => c.Label, c => c.Trigger!);
        var triggers = flagged.Where(patches.ContainsKey).Select(label => TraceTrigger.FromPatch(label, patches[label], scan.InputShape)).ToList();
        var reverse = flagged.Where(label => !patches.ContainsKey(label)).ToArray();
        if (reverse.Length > 0)
        {
            status?.Invoke($"Reversing the trigger of class {string.Join(", ", reverse)} with Neural Cleanse");
            // The trace needs each flagged class's own trigger; the all-to-all row would only cost time.
            var (reversed, _, _) = await scan.ReverseTriggersAsync(reverse, parameters with { NeuralCleanse = parameters.NeuralCleanse with { AllToAll = false } },
                cancellationToken: cancellationToken);
            triggers.AddRange(reversed.Select(t => TraceTrigger.FromNeuralCleanse(t, scan.InputShape)));
        }
        return triggers.OrderBy(t => t.Label).ToArray();
    }

    /// <summary>The training set's mean image: what covers a trigger region (a neutral stand-in for any sample's pixels there).</summary>
    private static float[] MeanImage(ImageDataset training)
    {
        int size = training.ImageSize;
        var sum = new double[size];
        for (int i = 0; i < training.Count; i++)
        {
            var pixels = training.Pixels.AsSpan(i * size, size);
            for (int p = 0; p < size; p++)
                sum[p] += pixels[p];
        }
        return sum.Select(v => (float)(v / training.Count * PixelLevels.Scale)).ToArray();
    }
}
