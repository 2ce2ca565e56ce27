using Aegis.Pipeline.Orchestration;

namespace Aegis.Pipeline.Activities;

/// <summary>A scan that failed <see cref="Runs"/> times for reasons outside its input, and how its last run ended.</summary>
public sealed record PoisonRequest(ScanRequest Scan, int Runs, string LastFailure);
