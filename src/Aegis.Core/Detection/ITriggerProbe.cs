namespace Aegis.Core.Detection;

/// <summary>
/// Runs the model on stamped held-out images: for each candidate, how many images of each other
/// class the model calls <c>label</c> once the patch is stamped on. Implemented where the model runs.
/// </summary>
public interface ITriggerProbe
{
    Task<IReadOnlyList<TriggerProbeCounts>> ProbeAsync(int label, IReadOnlyList<TriggerCandidate> candidates, CancellationToken cancellationToken = default);
}

/// <summary>
/// One candidate's outcome. Index k of both arrays is origin class k: how many of its held-out images
/// (all classified k by the model before stamping) were stamped, and how many the model then called
/// the probed label. The probed label's own entries are zero.
/// </summary>
public sealed record TriggerProbeCounts(int[] Probed, int[] Flipped);
