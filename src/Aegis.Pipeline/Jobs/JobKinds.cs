namespace Aegis.Pipeline.Jobs;

/// <summary>The kinds of model work a worker takes from the job queue.</summary>
public static class JobKinds
{
    /// <summary>PrepareScan's model part: load and check the model, the robustness pre-check, the honest-features check.</summary>
    public const string Inspect = "inspect";
    /// <summary>Algorithm 1 for one class (and run): features in the sandbox, t-SNE, mean shift and the trigger check in the worker.</summary>
    public const string ScanClass = "scan-class";
    /// <summary>Neural Cleanse's trigger reversal over the scan's classes, for a model that is not robust.</summary>
    public const string ReverseTriggers = "reverse-triggers";
    /// <summary>After a backdoored verdict: which training samples of the flagged classes carry the trigger (suspects.json beside the verdict).</summary>
    public const string Trace = "trace";

    public static readonly IReadOnlyList<string> All = [Inspect, ScanClass, ReverseTriggers, Trace];
}
