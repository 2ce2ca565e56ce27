using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Telemetry;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Work a host asks of the model itself after translation, on the worker that holds it (or in its own
/// sandbox): the trigger rule's causal check of one class (<see cref="ProbeJob"/>) and Neural
/// Cleanse's trigger reversal (<see cref="CleanseJob"/>). Each is a worker's request body, untrusted
/// even with a valid grant (<see cref="ModelRunGrant"/>), so <see cref="Problem"/> checks it.
/// </summary>
public abstract record ModelRunJob(string ScanId, BlobRef Model, string Dataset, ScanParameters Parameters)
{
    /// <summary>The operation's name, as the grant names it: a probe grant never passes for a reversal.</summary>
    public abstract string Operation { get; }

    /// <summary>What is wrong with this job as a worker receives it, or null. The model must be in <paramref name="modelsContainer"/>.</summary>
    public virtual string? Problem(string modelsContainer) => JobInput.Problem(ScanId, Model, Dataset, Parameters, modelsContainer);
}

/// <summary>Stamp each candidate patch lifted from class <see cref="Label"/>'s translations on held-out images and count the flips.</summary>
public sealed record ProbeJob(string ScanId, int Label, BlobRef Model, string Dataset, ScanParameters Parameters, IReadOnlyList<TriggerCandidate> Candidates)
    : ModelRunJob(ScanId, Model, Dataset, Parameters), IHasClassLabel
{
    public const string Name = "probe-trigger";
    /// <summary>The extractor lifts one patch from all translated images and one per large enough cluster: never more than one per translated image, plus one.</summary>
    public const int MaxCandidates = ScanParameterLimits.MaxImagesPerClass + 1;

    public override string Operation => Name;

    public override string? Problem(string modelsContainer)
    {
        if (base.Problem(modelsContainer) is { } problem)
            return problem;
        if (Label is < 0 or >= ScanParameterLimits.MaxClasses)
            return $"label must be in 0..{ScanParameterLimits.MaxClasses - 1}.";
        if (Candidates is null || Candidates.Count > MaxCandidates)
            return $"candidates must be a list of at most {MaxCandidates} patches.";
        return Candidates.Any(c => c?.Locations is not { Length: > 0 } locations || c.Pattern is null || c.Source is not { Length: <= 32 }
                                   || c.Pattern.Length % locations.Length != 0 || c.Pattern.Length > 4 * locations.Length)
            ? "every candidate needs a source, locations and a pattern of whole channels."
            : null;
    }
}

/// <summary>Reverse the trigger of every listed class with Neural Cleanse.</summary>
public sealed record CleanseJob(string ScanId, BlobRef Model, string Dataset, ScanParameters Parameters, IReadOnlyList<int> Classes)
    : ModelRunJob(ScanId, Model, Dataset, Parameters)
{
    public const string Name = "reverse-triggers";

    public override string Operation => Name;

    public override string? Problem(string modelsContainer)
    {
        if (base.Problem(modelsContainer) is { } problem)
            return problem;
        return Classes is null || Classes.Count == 0 || Classes.Count > ScanParameterLimits.MaxClasses
               || Classes.Any(c => c is < 0 or >= ScanParameterLimits.MaxClasses) || Classes.Distinct().Count() != Classes.Count
            ? $"classes must list distinct labels in 0..{ScanParameterLimits.MaxClasses - 1}."
            : null;
    }
}

/// <summary>Neural Cleanse's answer: every class's reversed trigger, the training data's fingerprint (it picks the built-in reference) and the image shape.</summary>
public sealed record ReversedTriggerSet(IReadOnlyList<NeuralCleanseTrigger> Triggers, string? TrainingFingerprint, ImageShape Shape);
