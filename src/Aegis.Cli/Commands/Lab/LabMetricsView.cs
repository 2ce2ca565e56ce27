using Aegis.Lab.Evaluation;
using Aegis.Lab.Storage;
using Spectre.Console;

namespace Aegis.Cli.Commands.Lab;

/// <summary>The lab's metrics as a table.</summary>
public static class LabMetricsView
{
    public static void Render(IAnsiConsole console, LabModelDescriptor descriptor) =>
        Render(console, descriptor.Name, descriptor.Metrics, descriptor.Poison is { } p ? $"{LabNames.Backdoor(p)}, {p.Rate:P0} poison" : "none",
            descriptor.TrainingSeconds);

    public static void Render(IAnsiConsole console, string name, LabMetrics? metrics, string backdoor, double? trainingSeconds)
    {
        var table = new Table().Title(Markup.Escape(name)).AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("On");
        table.AddRow("Backdoor", Markup.Escape(backdoor), "");
        if (metrics is not null)
        {
            table.AddRow("Clean accuracy", $"{metrics.CleanAccuracy:P1}", $"{metrics.CleanSamples} test images");
            if (metrics.AttackSuccessRate is double asr)
                table.AddRow("Attack success rate", $"{asr:P1}", $"{metrics.AttackSamples} triggered non-target images");
            if (metrics.SecondAttackSuccessRate is double second)
                table.AddRow("Second trigger's attack success rate", $"{second:P1}", $"{metrics.SecondAttackSamples} triggered non-target images");
            if (metrics.AdversarialAccuracy is double adversarial)
                table.AddRow("Adversarial accuracy", $"{adversarial:P1}", $"{metrics.AdversarialSamples} PGD-attacked images");
        }
        if (trainingSeconds is double seconds)
            table.AddRow("Training time", $"{seconds:F0} s", "");
        console.Write(table);
    }
}
