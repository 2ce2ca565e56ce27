using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Activities;

/// <summary>Promote's input: the verdict and the model blob version it is about.</summary>
public sealed record PromoteRequest(ScanSummary Summary, BlobRef Source);
