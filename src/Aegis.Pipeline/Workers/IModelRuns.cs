using Aegis.Core.Detection;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Runs the model-side work that follows translation — a class's trigger check, Neural Cleanse —
/// somewhere the model can run: on the workers over HTTP (<see cref="HttpModelRuns"/>) or in this
/// process (<see cref="LocalModelRuns"/>). Throws <see cref="ScanInputException"/> when the model or
/// its input is unusable (final), anything else when it may work on a retry.
/// </summary>
public interface IModelRuns
{
    /// <param name="preferredWorker">The worker that translated the class (it has the model's sandbox open), tried first; null for any.</param>
    Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(ProbeJob job, string? preferredWorker, CancellationToken cancellationToken);

    Task<ReversedTriggerSet> ReverseTriggersAsync(CleanseJob job, CancellationToken cancellationToken);
}

/// <summary>The model-side work on local files; implemented by the scan assembly (Aegis.Scanner) in the model's sandbox, in the host and the worker.</summary>
public interface ILocalModelRunner
{
    Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(string modelPath, string datasetDirectory, ProbeJob job, CancellationToken cancellationToken);

    Task<ReversedTriggerSet> ReverseTriggersAsync(string modelPath, string datasetDirectory, CleanseJob job, CancellationToken cancellationToken);
}
