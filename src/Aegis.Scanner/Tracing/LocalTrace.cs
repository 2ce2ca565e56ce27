using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Tracing;

namespace Aegis.Scanner.Tracing;

/// <summary>
/// `aegis trace`: which training samples of the classes a verdict flagged carry the trigger. The
/// model runs only in its sandbox (<see cref="ModelScan"/>, operation trace-samples); the training
/// data is read here too, for the samples' pixels and the region's fill. The trigger of each class is
/// the verdict's own evidence — AEGIS's lifted patch — or, for a Neural Cleanse verdict (whose masks
/// the verdict holds only as pictures) and a class flagged without a patch, Neural Cleanse's
/// reversed trigger, reversed again for those classes only. Writes suspects.csv, suspects.json and
/// suspects.html. Every bad input is a <see cref="ScanFailureException"/>.
/// </summary>
public static class LocalTrace
{
    public static async Task<TraceReport> RunAsync(LocalTraceRequest request, Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verdict = request.Verdict;
        request.Parameters.EnsureValid();
        if (verdict.Verdict is not (VerdictKinds.Backdoored or VerdictKinds.Clean))
            throw new ScanFailureException(ErrorCodes.InvalidParameters,
                $"The verdict is '{verdict.Verdict}': only a backdoored verdict names classes to trace (a clean one traces nothing).");
        if (verdict.Model?.Sha256 is not { Length: 64 } verdictHash)
            throw new ScanFailureException(ErrorCodes.InvalidParameters, "The verdict names no model hash (model.sha256): it cannot be matched to the model.");

        status?.Invoke("Reading the training data");
        ImageDataset training;
        try
        {
            training = DatasetLoader.Load(request.DataDirectory, DatasetSplit.Train);
        }
        catch (DatasetFormatException e)
        {
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, e.Message);
        }
        if (training.Count == 0)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{request.DataSource}: the training data holds no samples.");

        status?.Invoke("Starting the model's sandbox");
        var target = new ScanTarget(request.ModelPath, Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(request.ModelPath)), request.DataDirectory, request.DataSource);
        await using var scan = await ModelScan.OpenAsync(target, request.Sandbox, cancellationToken);
        if (!string.Equals(scan.Model.Sha256, verdictHash, StringComparison.OrdinalIgnoreCase))
            throw new ScanFailureException(ErrorCodes.InvalidParameters,
                $"The verdict is for another model: its model.sha256 is {verdictHash}, this model's is {scan.Model.Sha256}.");
        var report = new TraceReport { Model = scan.Model.Name, ModelSha256 = scan.Model.Sha256, Verdict = verdict.Verdict, Data = request.DataSource };
        var flagged = verdict.SuspiciousClasses.Distinct().Order().ToArray();
        if (flagged.Length == 0)
            return Finish(request, report with
            {
                Message = verdict.Verdict == VerdictKinds.Clean
                    ? "The verdict is clean: no class carries a trigger, so no training sample is suspected."
                    : "The verdict names no class (an input-gated model hides which class it favours): there is no trigger to trace.",
            }, training);
        if (flagged.Any(label => label < 0 || label >= scan.ClassCount))
            throw new ScanFailureException(ErrorCodes.InvalidParameters, $"The verdict flags a class this model does not have (it has 0..{scan.ClassCount - 1}).");

        status?.Invoke("Loading the training data in the sandbox");
        await scan.LoadDatasetAsync(cancellationToken);
        var triggers = await TriggersAsync(scan, verdict, flagged, request.Parameters, status, cancellationToken);
        // The stamped images come from the test split when there is one (as the sandbox reads it), else from the training rows.
        if (!DatasetLoader.HasSplit(request.DataDirectory, DatasetSplit.Test) && flagged.Any(label => training.IndicesOf(label).Count == training.Count))
            throw new ScanFailureException(ErrorCodes.DatasetInvalid,
                $"{request.DataSource}: no image of another class to stamp the trigger on (the data has only the flagged class and no test split).");
        var fill = MeanImage(training);
        var name = request.SampleName ?? (row => row.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
            var measured = await scan.TraceSamplesAsync(trigger, fill, training, name, request.StampedImages, request.Parameters, cancellationToken: cancellationToken);
            var (traced, scored) = TraceScoring.Score(trigger, measured);
            classes.Add(traced);
            suspects.AddRange(scored);
        }
        return Finish(request, report with { Classes = classes, Suspects = TraceScoring.Sort(suspects) }, training);
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
            var (reversed, _) = await scan.ReverseTriggersAsync(reverse, parameters, cancellationToken: cancellationToken);
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

    private static TraceReport Finish(LocalTraceRequest request, TraceReport report, ImageDataset training)
    {
        SuspectsFiles.Write(request.OutputDirectory, report);
        var rows = new Dictionary<string, int>();
        if (report.Suspects.Count > 0)
        {
            var name = request.SampleName ?? (row => row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var label in report.Classes.Select(c => c.Label))
                foreach (int row in training.IndicesOf(label))
                    rows[name(row)] = row;
        }
        var top = report.Suspects.Take(request.PageSuspects)
            .Select(s => new SuspectImage(s, training.GetImages([rows[s.Index]]))).ToArray();
        SuspectsPage.Write(request.OutputDirectory, report, top, new ImageShape(training.Channels, training.Height, training.Width));
        return report;
    }
}
