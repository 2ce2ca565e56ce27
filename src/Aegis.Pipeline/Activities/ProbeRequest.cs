using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Telemetry;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>ProbeTrigger's input: a class's features blob and analysis, the model and dataset to probe them on, and the model's class count to check the answer against.</summary>
public sealed record ProbeRequest(string ScanId, BlobRef Model, string Dataset, ScanParameters Parameters, int ClassCount, FeaturesRef Features, ClassAnalysis Analysis)
    : IHasClassLabel
{
    public int Label => Analysis.Label;
}

/// <summary>ProbeTrigger's result: the class's analysis with its trigger evidence, or the input error that ends the scan (never retried).</summary>
public sealed record ClassProbe(ClassAnalysis? Analysis, Core.Verdicts.ScanError? Error = null);
