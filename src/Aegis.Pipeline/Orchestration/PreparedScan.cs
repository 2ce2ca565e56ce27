using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// The scan prepared: dataset and parameters resolved under the server's policy (ResolveScan), then
/// the model as its inspection found it — or the error that ends the scan.
/// </summary>
public sealed record PreparedScan
{
    public required string ScanId { get; init; }
    public required BlobRef Source { get; init; }
    public required string Dataset { get; init; }
    public required ScanParameters Parameters { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    /// <summary>How the scan was started (poll, event-grid, blob-trigger, api).</summary>
    public string Trigger { get; init; } = "api";
    public ModelInfo? Model { get; init; }
    public DatasetInfo? DatasetInfo { get; init; }
    public RobustnessReport? Robustness { get; init; }
    public double RobustnessSeconds { get; init; }
    /// <summary>The input-gate probe; when it flagged the model, no detector runs (<see cref="ChosenDetector"/> is null).</summary>
    public InputGateReport? InputGate { get; init; }
    public double InputGateSeconds { get; init; }
    public IReadOnlyList<int> Classes { get; init; } = [];
    public ScanError? Error { get; init; }
    /// <summary>A backdoored verdict is followed by the trace of its training samples (<c>Aegis__TraceSuspects</c>, on unless false).</summary>
    public bool TraceSuspects { get; init; } = true;
    /// <summary>Why the verdict is advisory (the scan's parameters are not the server's policy); null when it may promote.</summary>
    public string? AdvisoryReason { get; init; }

    /// <summary>
    /// The detector the pre-check chose, as the local scan chooses it (<see cref="Detectors.Choose"/>):
    /// AEGIS on a robust model, Neural Cleanse otherwise (auto); null when none runs (the verdict is then
    /// backdoored when the input-gate probe flagged the model, else not-applicable). A method, so a scan whose parameters were refused never evaluates it.
    /// </summary>
    public string? ChosenDetector() => Detectors.Choose(Parameters.Detector, Robustness, InputGate);

    public JobBatch InspectJob() => new(ScanId, JobKinds.Inspect, Source, Dataset, Parameters);

    /// <summary>Algorithm 1 for every class and run: one job each.</summary>
    public JobBatch ClassJobs() => new(ScanId, JobKinds.ScanClass, Source, Dataset, Parameters) { Classes = Classes };

    /// <summary>The trace of the training samples after a backdoored verdict (the verdict blob names the classes).</summary>
    public JobBatch TraceJob() => new(ScanId, JobKinds.Trace, Source, Dataset, Parameters);

    public JobBatch ReverseTriggersJob() => new(ScanId, JobKinds.ReverseTriggers, Source, Dataset, Parameters) { Classes = Classes };

    /// <summary>The scan with what the inspection found, or with the error that ends it.</summary>
    public PreparedScan Inspected(JobOutcome inspection)
    {
        if (inspection.Error is { } error)
            return this with { Error = error };
        var found = inspection.Inspection ?? throw new InvalidOperationException("An inspection that succeeded describes the model.");
        try
        {
            return this with
            {
                Model = found.Model,
                DatasetInfo = found.Dataset,
                Robustness = found.Robustness,
                RobustnessSeconds = found.RobustnessSeconds,
                InputGate = found.InputGate,
                InputGateSeconds = found.InputGateSeconds,
                Classes = Parameters.ClassesOf(found.ClassCount),
            };
        }
        catch (ScanFailureException e)
        {
            return this with { Error = new ScanError(e.Code, e.Message) };
        }
    }
}
