using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>The trigger rule's causal check for one label: the candidates stamped on held-out images of the other classes.</summary>
public sealed record ProbeTriggerRequest(int Label, IReadOnlyList<TriggerCandidate> Candidates, TriggerProbeParameters Parameters, int Seed, int BatchSize);

/// <summary>One count pair per candidate, in the request's order.</summary>
public sealed record ProbeTriggerResult(IReadOnlyList<TriggerProbeCounts> Counts);
