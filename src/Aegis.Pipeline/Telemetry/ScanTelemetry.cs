using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aegis.Pipeline.Telemetry;

/// <summary>
/// OpenTelemetry sources of the pipeline: a span per activity execution (scan id and class as
/// attributes) and metrics for scans, classes and failures. Exporters are wired by the host.
/// </summary>
public static class ScanTelemetry
{
    public const string SourceName = "Aegis.Pipeline";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(SourceName);

    private static readonly Histogram<double> ActivitySeconds = Meter.CreateHistogram<double>("aegis.activity.duration", "s", "Duration of one activity execution.");
    private static readonly Counter<long> ActivityFailures = Meter.CreateCounter<long>("aegis.activity.failures", description: "Activity attempts that threw.");
    private static readonly Histogram<double> ScanSeconds = Meter.CreateHistogram<double>("aegis.scan.duration", "s", "Wall time from scan request to verdict.");
    private static readonly Counter<long> ClassesDone = Meter.CreateCounter<long>("aegis.scan.classes_done", description: "Classes translated, embedded and clustered.");
    private static readonly Counter<long> ScansCompleted = Meter.CreateCounter<long>("aegis.scan.completed", description: "Verdicts written, by verdict kind.");
    private static readonly Counter<long> ScanFailures = Meter.CreateCounter<long>("aegis.scan.failures", description: "Scan runs that ended in a transient failure.");

    public static Activity? StartActivity(string name, string scanId, object? input)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        if (span is null)
            return null;
        span.SetTag("aegis.scan.id", scanId);
        if (input is IHasClassLabel labelled)
            span.SetTag("aegis.class", labelled.Label);
        return span;
    }

    public static void RecordActivity(string name, double seconds, bool succeeded)
    {
        ActivitySeconds.Record(seconds, new KeyValuePair<string, object?>("activity", name));
        if (!succeeded)
            ActivityFailures.Add(1, new KeyValuePair<string, object?>("activity", name));
    }

    public static void RecordClassDone() => ClassesDone.Add(1);

    public static void RecordScan(string verdict, double seconds)
    {
        ScansCompleted.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
        ScanSeconds.Record(seconds);
    }

    public static void RecordScanFailure() => ScanFailures.Add(1);
}

/// <summary>Activity inputs about one class, so spans carry the class label.</summary>
public interface IHasClassLabel
{
    int Label { get; }
}
