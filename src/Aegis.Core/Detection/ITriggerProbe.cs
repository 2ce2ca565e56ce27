namespace Aegis.Core.Detection;

/// <summary>
/// Runs the model on stamped held-out images: for each candidate, where the model sends the images of
/// each class once the patch is stamped on. Implemented where the model runs.
/// </summary>
public interface ITriggerProbe
{
    Task<IReadOnlyList<TriggerProbeCounts>> ProbeAsync(int label, IReadOnlyList<TriggerCandidate> candidates, CancellationToken cancellationToken = default);
}

/// <summary>
/// One candidate's outcome: <c>Destinations[k][c]</c> is how many of origin class k's held-out images (all
/// classified k by the model before stamping) the model called class c once the patch was stamped on. Every
/// class's images are stamped, the probed label's own too: the trigger rule reads the row of each other
/// class at the label, the all-to-all rule where one patch sends each class.
/// </summary>
public sealed record TriggerProbeCounts(int[][] Destinations)
{
    /// <summary>Images of <paramref name="origin"/> that were stamped.</summary>
    public int Probed(int origin) => Destinations[origin].Sum();
}
