namespace Aegis.Sandbox.Operations;

/// <summary>
/// The operations the sandbox runs on the model it holds. Each has its request and result
/// records in this folder (shared by both sides) and one class in Aegis.Sandbox.Child/Operations.
/// </summary>
public static class OperationNames
{
    public const string OpenModel = "open-model";
    public const string LoadDataset = "load-dataset";
    public const string CheckRobustness = "check-robustness";
    public const string ProbeFeatures = "probe-features";
    public const string ProbeInputGate = "probe-input-gate";
    public const string ClassFeatures = "class-features";
    public const string ProbeTrigger = "probe-trigger";
    public const string ReverseTriggers = "reverse-triggers";
    public const string MaximizeMargins = "maximize-margins";
    public const string MeasureFloor = "measure-floor";
    public const string TraceSamples = "trace-samples";
}
