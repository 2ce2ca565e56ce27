using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Reporting.Tracing;

namespace Aegis.Scanner.Tracing;

/// <summary>
/// `aegis trace` on this machine: the model's sandbox opened on the local files, the trace itself
/// (<see cref="SampleTrace"/>), then suspects.csv, suspects.json and suspects.html written to the output folder.
/// Every bad input is a <see cref="Core.Verdicts.ScanFailureException"/>.
/// </summary>
public static class LocalTrace
{
    public static async Task<TraceReport> RunAsync(LocalTraceRequest request, Action<string>? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var trace = request.Trace;
        SampleTrace.CheckVerdict(trace.Verdict);
        trace.Parameters.EnsureValid();

        status?.Invoke("Reading the training data");
        var training = SampleTrace.ReadTraining(trace.DataDirectory, trace.DataSource);

        status?.Invoke("Starting the model's sandbox");
        var target = new ScanTarget(request.ModelPath, Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(request.ModelPath)), trace.DataDirectory, trace.DataSource);
        await using var scan = await ModelScan.OpenAsync(target, request.Sandbox, cancellationToken);
        var report = await SampleTrace.RunAsync(scan, training, trace, status, cancellationToken);
        Write(request, report, training);
        return report;
    }

    private static void Write(LocalTraceRequest request, TraceReport report, ImageDataset training)
    {
        SuspectsFiles.Write(request.OutputDirectory, report);
        var rows = new Dictionary<string, int>();
        if (report.Suspects.Count > 0)
        {
            foreach (var label in report.Classes.Select(c => c.Label))
                foreach (int row in training.IndicesOf(label))
                    rows[request.Trace.NameOf(row)] = row;
        }
        var top = report.Suspects.Take(request.PageSuspects)
            .Select(s => new SuspectImage(s, training.GetImages([rows[s.Index]]))).ToArray();
        SuspectsPage.Write(request.OutputDirectory, report, top, new ImageShape(training.Channels, training.Height, training.Width));
    }
}
