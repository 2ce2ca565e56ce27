using Aegis.Lab.Architectures;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;

namespace Aegis.Cli.Commands.Lab;

/// <summary>The command-line spellings of the lab's enums (kebab-case, as in model.json).</summary>
public static class LabNames
{
    public static readonly string[] Triggers = ["none", "localized", "distributed", "invisible-static", "invisible-adversarial", "checkerboard", "blended", "warping"];
    public static readonly string[] Architectures = ["small-cnn", "resnet18", "resnet50", "batch-norm-cnn"];
    public static readonly string[] Norms = ["l2", "linf"];
    public static readonly string[] Optimizers = ["sgd", "adam"];
    public static readonly string[] Schedules = ["step", "one-cycle"];

    public static TriggerKind? Trigger(string name) => name switch
    {
        "none" => null,
        "localized" => TriggerKind.Localized,
        "distributed" => TriggerKind.Distributed,
        "invisible-static" => TriggerKind.InvisibleStatic,
        "invisible-adversarial" => TriggerKind.InvisibleAdversarial,
        "checkerboard" => TriggerKind.Checkerboard,
        "blended" => TriggerKind.Blended,
        "warping" => TriggerKind.Warping,
        _ => throw new ArgumentException($"Unknown trigger '{name}'; use one of {string.Join(", ", Triggers)}."),
    };

    public static string Name(TriggerKind kind) => Triggers[(int)kind + 1];

    /// <summary>What a poisoned model's backdoor does, in a few words ("localized → 7", "localized → 7 and → 3", "localized, all-to-all").</summary>
    public static string Backdoor(PoisonOptions poison) => poison.Mapping switch
    {
        PoisonMapping.AllToAll => $"{Name(poison.Trigger.Kind)}, all-to-all (y → y+1)",
        PoisonMapping.TwoTargets => $"{Name(poison.Trigger.Kind)} → {poison.Targets![0]}, top-left {Name(poison.SecondTrigger!.Kind)} → {poison.Targets[1]}",
        _ => $"{Name(poison.Trigger.Kind)} → {poison.Target}",
    } + (poison.LabelConfidence is double c ? $", soft label {c:0.##}" : "");

    public static LabArchitecture Architecture(string name) => name switch
    {
        "small-cnn" => LabArchitecture.SmallCnn,
        "resnet18" => LabArchitecture.ResNet18,
        "resnet50" => LabArchitecture.ResNet50,
        "batch-norm-cnn" => LabArchitecture.BatchNormCnn,
        _ => throw new ArgumentException($"Unknown architecture '{name}'; use one of {string.Join(", ", Architectures)}."),
    };

    public static PgdNorm Norm(string name) => name == "linf" ? PgdNorm.LInf : PgdNorm.L2;

    public static OptimizerKind Optimizer(string name) => name == "adam" ? OptimizerKind.Adam : OptimizerKind.Sgd;

    public static ScheduleKind Schedule(string name) => name == "one-cycle" ? ScheduleKind.OneCycle : ScheduleKind.Step;
}
