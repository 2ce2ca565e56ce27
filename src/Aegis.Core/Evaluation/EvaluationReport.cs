using Aegis.Core.Detection;

namespace Aegis.Core.Evaluation;

/// <summary>evaluation.json: every model scanned beside its truth, and each track's metrics.</summary>
public sealed record EvaluationReport
{
    public int SchemaVersion { get; init; } = 1;
    public required string Tool { get; init; }
    /// <summary>The evaluated folder and the training data the models were scanned with.</summary>
    public required string Directory { get; init; }
    public required string Data { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
    /// <summary>How the 95% intervals of rates are computed.</summary>
    public string Intervals { get; init; } = "clopper-pearson";
    public required ScanParameters Parameters { get; init; }
    public required IReadOnlyList<EvaluatedModel> Models { get; init; }
    /// <summary>Keyed by <see cref="Tracks"/>; a track appears when at least one model was sorted into it.</summary>
    public required IReadOnlyDictionary<string, TrackMetrics> Tracks { get; init; }
    /// <summary>Models whose scan ended in an error (listed in <see cref="Models"/> with their error).</summary>
    public int Errors { get; init; }

    /// <summary>The metrics of every track the models fall into, from the models alone.</summary>
    public static IReadOnlyDictionary<string, TrackMetrics> TracksOf(IReadOnlyList<EvaluatedModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return models.Where(m => m.Track is not null).GroupBy(m => m.Track!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => TrackMetrics.ForTrack(g.ToArray()));
    }
}
