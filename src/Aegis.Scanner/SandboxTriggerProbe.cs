using Aegis.Core.Detection;

namespace Aegis.Scanner;

/// <summary>The trigger rule's causal check for <see cref="AegisDetector"/>, run in the model's sandbox.</summary>
internal sealed class SandboxTriggerProbe(ModelScan scan, ScanParameters parameters) : ITriggerProbe
{
    public Task<IReadOnlyList<TriggerProbeCounts>> ProbeAsync(int label, IReadOnlyList<TriggerCandidate> candidates, CancellationToken cancellationToken = default) =>
        scan.ProbeTriggerAsync(label, candidates, parameters, cancellationToken);
}
