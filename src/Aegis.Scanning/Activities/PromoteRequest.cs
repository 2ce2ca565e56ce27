using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Activities;

/// <summary>Promote's input: the verdict and the model blob version it is about.</summary>
public sealed record PromoteRequest(ScanSummary Summary, BlobRef Source);
