using Aegis.Core.Evaluation;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>`aegis evaluate`'s output: a line per model as it finishes, then per track its metrics and a table by bin and family, within 80 columns.</summary>
public static class EvaluationView
{
    public static void Progress(IAnsiConsole console, EvaluatedModel model, int done, int total, bool kept)
    {
        string outcome = model.Error is { } error ? $"[red]error {Markup.Escape(error.Code)}[/]"
            : $"{Markup.Escape(model.Verdict)}{(model.SuspiciousClasses.Count > 0 ? " " + string.Join(",", model.SuspiciousClasses) : "")} p={model.Probability:0.00}";
        string truth = model.Backdoored switch { true => model.Target is int t ? $"truth →{t}" : "truth bd", false => "truth clean", _ => "no truth" };
        console.MarkupLine($"[grey][[{done}/{total}]][/] {Markup.Escape(model.Model)} · {Markup.Escape(model.Track ?? "—")} · {outcome} · {truth}{(kept ? " [grey](kept)[/]" : model.Seconds is double s ? $" [grey]{s:0} s[/]" : "")}");
    }

    public static void Render(IAnsiConsole console, EvaluationReport report)
    {
        foreach (var (name, track) in report.Tracks)
        {
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{name} track[/]: {track.Models} models ({track.Clean} clean, {track.Backdoored} backdoored){(track.Unscored > 0 ? $", {track.Unscored} left out (no probability or truth)" : "")}");
            console.MarkupLine($"ROC-AUC {Value(track.RocAuc)} · AUPR {Value(track.Aupr)} · FPR at 95% TPR {Value(track.FprAt95Tpr)}");
            console.MarkupLine($"cross-entropy {Value(track.CrossEntropy)} · Brier {Value(track.Brier)} · {(track.SecondsPerModel is double s ? $"{s:0} s" : "—")} per model");
            console.MarkupLine($"TPR {Rate(track.TruePositiveRate)} · false alarms {Rate(track.FalseAlarmRate)}");
            console.MarkupLine($"target class {Rate(track.TargetAccuracy)}");
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("backdoors").AddColumn(new TableColumn("n").RightAligned()).AddColumn(new TableColumn("AUC").RightAligned())
                .AddColumn(new TableColumn("AUPR").RightAligned()).AddColumn(new TableColumn("FPR@95").RightAligned())
                .AddColumn(new TableColumn("TPR").RightAligned()).AddColumn(new TableColumn("target").RightAligned());
            foreach (var (bin, metrics) in track.ByAttackSuccess)
                Row(table, $"success {bin}", metrics);
            foreach (var (trigger, metrics) in track.ByTrigger)
                Row(table, trigger, metrics);
            if (table.Rows.Count > 0)
                console.Write(table);
            if (track.FalseAlarmsByRule.Count > 0)
                console.MarkupLine("[grey]clean models flagged per rule: " + Markup.Escape(string.Join(" · ", track.FalseAlarmsByRule.Select(r => $"{r.Key} {r.Value.Flagged}/{r.Value.CleanModels} (conformal bound {r.Value.ConformalBound:0.00})"))) + "[/]");
        }
        if (report.Errors > 0)
            console.MarkupLineInterpolated($"[red]{report.Errors} model(s) ended in an error[/] (listed in evaluation.json with the error).");
        console.MarkupLine("[grey]rates: count/of = rate [[95% Clopper-Pearson]] · each row sets the backdoored models of one attack-success bin or trigger family against all clean models of the track[/]");
    }

    private static void Row(Table table, string label, DetectionMetrics m) => table.AddRow(
        Markup.Escape(label), m.Backdoored.ToString(), Value(m.RocAuc), Value(m.Aupr), Value(m.FprAt95Tpr),
        m.TruePositiveRate.Rate is double tpr ? tpr.ToString("0.00") : "—", m.TargetAccuracy.Rate is double t ? t.ToString("0.00") : "—");

    private static string Value(double? value) => value is double v ? v.ToString("0.000") : "—";

    private static string Rate(Proportion p) => p.Rate is double r ? Markup.Escape($"{p.Successes}/{p.Trials} = {r:0.00} [{p.Lower:0.00}, {p.Upper:0.00}]") : "—";
}
