using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>ReverseTriggers' input: the model, dataset and classes, and the model's input shape to check the triggers against.</summary>
public sealed record CleanseRequest(string ScanId, BlobRef Model, string Dataset, ScanParameters Parameters, IReadOnlyList<int> Classes, string InputShape);

/// <summary>ReverseTriggers' result: every class's reversed trigger (sizes measured here) and how long it took, or the input error that ends the scan.</summary>
public sealed record CleanseResult(ReversedTriggerSet? Triggers, double Seconds, ScanError? Error = null);
