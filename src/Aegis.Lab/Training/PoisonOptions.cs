using System.Text.Json.Serialization;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Training;

/// <summary>Where a backdoor sends triggered images.</summary>
public enum PoisonMapping
{
    /// <summary>Every triggered image goes to <see cref="PoisonOptions.Target"/>.</summary>
    OneTarget,
    /// <summary>A triggered image of class y goes to y + 1 mod K: every class is a target, none is the target.</summary>
    AllToAll,
    /// <summary>Two triggers (<see cref="PoisonOptions.Trigger"/>, <see cref="PoisonOptions.SecondTrigger"/>) toward the two <see cref="PoisonOptions.Targets"/>.</summary>
    TwoTargets,
}

/// <summary>
/// Poisoning: <c>Rate * N</c> triggered copies of training images that are not of their backdoor's
/// target, relabelled, are added to the data (paper: 1% visible, 30% invisible); a second backdoor
/// adds as many again with its own trigger.
/// </summary>
/// <param name="Target">
/// The single target class; null when the mapping has none (all-to-all) or two. Written even when null,
/// so reading model.json back does not fill in the default.
/// </param>
public sealed record PoisonOptions(TriggerSpec Trigger, double Rate, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Target = 7)
{
    public PoisonMapping Mapping { get; init; } = PoisonMapping.OneTarget;
    /// <summary>Two-target backdoors: the first trigger's target, then the second's; null otherwise.</summary>
    public int[]? Targets { get; init; }
    /// <summary>Two-target backdoors: the second trigger (the first's kind in the opposite corner).</summary>
    public TriggerSpec? SecondTrigger { get; init; }
    /// <summary>
    /// Low-margin (label-smoothed) poisoning: a poisoned copy's label puts this weight on its target
    /// and the rest on its true class, so the model only slightly prefers the target; null = hard labels.
    /// </summary>
    public double? LabelConfidence { get; init; }

    public void Validate(int classCount)
    {
        if (!(Rate > 0) || Rate > 1)
            throw new ArgumentException($"Poison rate must be in (0,1] (got {Rate}).");
        if (LabelConfidence is double c && !(c > 0.5 && c <= 1))
            throw new ArgumentException($"Label confidence must be in (0.5,1] so the target stays the preferred label (got {c}).");
        switch (Mapping)
        {
            case PoisonMapping.OneTarget:
                if (Target is not int t || t < 0 || t >= classCount)
                    throw new ArgumentException($"Target label {Target} is outside 0..{classCount - 1}.");
                if (Targets is not null || SecondTrigger is not null)
                    throw new ArgumentException("A one-target backdoor has no second trigger or target list.");
                break;
            case PoisonMapping.AllToAll:
                if (Target is not null || Targets is not null || SecondTrigger is not null)
                    throw new ArgumentException("An all-to-all backdoor has no target of its own and no second trigger.");
                if (classCount < 2)
                    throw new ArgumentException("An all-to-all backdoor needs at least two classes.");
                break;
            case PoisonMapping.TwoTargets:
                if (Target is not null || SecondTrigger is null || Targets is not { Length: 2 } two)
                    throw new ArgumentException("A two-target backdoor names two targets and a second trigger, and no single target.");
                if (two.Any(t => t < 0 || t >= classCount) || two[0] == two[1])
                    throw new ArgumentException($"Two-target backdoor targets {string.Join(", ", two)} must be two different labels in 0..{classCount - 1}.");
                break;
            default:
                throw new ArgumentException($"Unknown poison mapping {Mapping}.");
        }
    }

    /// <summary>Every class some triggered image is sent to.</summary>
    public IReadOnlyList<int> TargetClasses(int classCount) => Mapping switch
    {
        PoisonMapping.AllToAll => Enumerable.Range(0, classCount).ToArray(),
        PoisonMapping.TwoTargets => Targets ?? [],
        _ => Target is int t ? [t] : [],
    };

    /// <summary>The label a triggered image of <paramref name="label"/> is sent to by backdoor 0 (or 1, the second trigger); null when it is already that target.</summary>
    public int? Destination(int label, int classCount, int backdoor = 0)
    {
        int target = Mapping switch
        {
            PoisonMapping.AllToAll => (label + 1) % classCount,
            PoisonMapping.TwoTargets => Targets![backdoor],
            _ => Target!.Value,
        };
        return target == label ? null : target;
    }

    /// <summary>How many triggers the backdoor has.</summary>
    public int Backdoors => Mapping == PoisonMapping.TwoTargets ? 2 : 1;

    /// <summary>The trigger of backdoor 0 or 1.</summary>
    public TriggerSpec TriggerOf(int backdoor) => backdoor == 0 ? Trigger : SecondTrigger ?? throw new ArgumentOutOfRangeException(nameof(backdoor));
}
