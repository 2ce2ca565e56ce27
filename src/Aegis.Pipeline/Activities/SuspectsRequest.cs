using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;

namespace Aegis.Pipeline.Activities;

/// <summary>PublishSuspects' input: the backdoored verdict, the dataset the trace read, and how the trace job ended.</summary>
public sealed record SuspectsRequest(ScanSummary Verdict, string Dataset, JobOutcome Trace);
