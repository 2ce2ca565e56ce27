using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// How a job ended, as its worker wrote it (<c>result.json</c> beside the job's other blobs) and as the
/// orchestration receives it: small, so history holds it, never the job's data — that stays in the
/// job's blobs, named by the scan and job (<see cref="Storage.WorkPaths"/>).
/// </summary>
public sealed record JobOutcome
{
    public required string Job { get; init; }
    /// <summary><see cref="JobStatus"/>.</summary>
    public required string Status { get; init; }
    /// <summary>Why a job was rejected (the model or its input is unusable: final) or poisoned.</summary>
    public ScanError? Error { get; init; }
    /// <summary>The worker that ran the job (<c>Aegis__WorkerId</c>).</summary>
    public string Worker { get; init; } = "";
    public double Seconds { get; init; }
    /// <summary>The model as an <see cref="JobKinds.Inspect"/> job found it.</summary>
    public ModelInspection? Inspection { get; init; }
    /// <summary>What a <see cref="JobKinds.Trace"/> job found, in counts (the suspects themselves are in suspects.json).</summary>
    public TraceCounts? Trace { get; init; }

    public bool Succeeded => Status == JobStatus.Succeeded;

    public static JobOutcome Failed(string job, string status, ScanError error, string worker, double seconds = 0) =>
        new() { Job = job, Status = status, Error = error, Worker = worker, Seconds = seconds };
}

public static class JobStatus
{
    public const string Succeeded = "succeeded";
    /// <summary>The model or the job's input is unusable: an error verdict, never a retry.</summary>
    public const string Rejected = "rejected";
    /// <summary>Taken from the queue too often without finishing (the workers that took it died): an error verdict.</summary>
    public const string Poisoned = "poisoned";
    /// <summary>Not finished by the orchestration's deadline: the run ends and the scan runs again later.</summary>
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> Final = [Succeeded, Rejected, Poisoned];
}

/// <summary>A trace in counts: the samples of the flagged classes scored, how many of them are suspected, the classes traced.</summary>
public sealed record TraceCounts(int Samples, int Suspected, IReadOnlyList<int> Classes);

/// <summary>What inspecting a model found: its description, the dataset's, the input-gate probe, the robustness pre-check.</summary>
public sealed record ModelInspection(ModelInfo Model, DatasetInfo Dataset, RobustnessReport? Robustness, int ClassCount, double RobustnessSeconds)
{
    /// <summary>The input-gate probe; when it flagged the model, no detector runs and the verdict is backdoored, input-gated.</summary>
    public InputGateReport? InputGate { get; init; }
    public double InputGateSeconds { get; init; }
}
