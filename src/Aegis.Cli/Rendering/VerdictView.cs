using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>The end-of-scan summary: a table per class, the verdict, where the evidence is.</summary>
public static class VerdictView
{
    public static void Render(IAnsiConsole console, ScanVerdict verdict, string? outputDirectory)
    {
        if (verdict.InputGate is { Changes.Count: > 0 } gate)
        {
            var most = gate.Changes.MaxBy(c => c.Rate)!;
            console.MarkupLineInterpolated($"Input gate: answers to {gate.Images} held-out images changed by at most {most.Rate:P1} ({most.Name}; line {gate.Threshold:P1}) → {(gate.Gated ? "input-gated" : "consistent")}");
        }

        if (verdict.Robustness is { } r)
        {
            console.MarkupLineInterpolated($"Robustness: clean accuracy {r.CleanAccuracy:P1}, adversarial accuracy {r.AdversarialAccuracy:P1} (L2 PGD, ε={r.Epsilon}, {r.Steps} steps, {r.Samples} images) → {(r.Robust ? "robust" : "not robust")}{(r.Forced ? " (scan forced)" : "")}");
        }

        if (verdict.Classes.Count > 0)
            RenderClasses(console, verdict.Classes);

        if (verdict.NeuralCleanse is { Classes.Count: > 0 } cleanse)
            RenderNeuralCleanse(console, cleanse);

        if (verdict.MmBd is { Classes.Count: > 0 } mmBd)
            RenderMmBd(console, mmBd);

        string colour = verdict.Verdict switch
        {
            VerdictKinds.Clean => "green",
            VerdictKinds.Backdoored => "red",
            VerdictKinds.NotApplicable => "yellow",
            _ => "red",
        };
        string classes = verdict.SuspiciousClasses.Count > 0 ? $" — suspicious class(es): {string.Join(", ", verdict.SuspiciousClasses)}" : "";
        console.MarkupLine($"Verdict: [bold {colour}]{Markup.Escape(verdict.Verdict.ToUpperInvariant())}[/]{Markup.Escape(classes)}");
        if (verdict.Score is double score && verdict.Probability is double probability)
            console.MarkupLine($"Score {score:+0.00;-0.00;0.00} (0 is the verdict's line) · probability of a backdoor {probability:0.00} [grey](calibration {Markup.Escape(verdict.Calibration ?? "none")})[/]");
        if (verdict.Decision is { } decision)
            console.MarkupLine($"[grey]{Markup.Escape(decision.Explanation)}[/]");
        if (verdict.Verdict == VerdictKinds.NotApplicable && verdict.Robustness?.Note is { } note)
            console.MarkupLine($"[yellow]{Markup.Escape(note)}[/] Use --force to scan anyway.");
        if (verdict.Error is { } error)
            console.MarkupLine($"[red]Error ({Markup.Escape(error.Code)}):[/] {Markup.Escape(error.Message)}");
        if (verdict.TimingsSeconds.Total > 0)
        {
            var t = verdict.TimingsSeconds;
            console.MarkupLine(verdict.Detector switch
            {
                Detectors.NeuralCleanse => $"[grey]Time: {t.Total:F1} s (input gate {t.InputGate:F1}, robustness {t.Robustness:F1}, Neural Cleanse {t.NeuralCleanse:F1})[/]",
                Detectors.MmBd => $"[grey]Time: {t.Total:F1} s (input gate {t.InputGate:F1}, robustness {t.Robustness:F1}, MM-BD {t.MmBd:F1})[/]",
                _ => $"[grey]Time: {t.Total:F1} s (input gate {t.InputGate:F1}, robustness {t.Robustness:F1}, translation {t.Translation:F1}, features {t.Features:F1}, t-SNE {t.Embedding:F1}, mean shift {t.Clustering:F1})[/]",
            });
        }
        if (outputDirectory is not null)
            console.MarkupLine($"Verdict, plots and example images: [link]{Markup.Escape(Path.GetFullPath(outputDirectory))}[/]");
    }

    /// <summary>
    /// One row per class with the numbers each rule decided on, narrow enough for an 80-column
    /// terminal: the trigger rule's flip, the shift rule's index and landing, the paper's clusters.
    /// </summary>
    private static void RenderClasses(IAnsiConsole console, IReadOnlyList<ClassReport> classes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("class").AddColumn(new TableColumn("flip").RightAligned()).AddColumn(new TableColumn("index").RightAligned())
            .AddColumn(new TableColumn("lands").RightAligned()).AddColumn(new TableColumn("clusters").RightAligned()).AddColumn("verdict");
        foreach (var c in classes)
        {
            var rules = new List<string>();
            if (c.TriggerSuspicious)
                rules.Add("trigger");
            if (c.ShiftSuspicious)
                rules.Add("shift");
            table.AddRow(
                c.Suspicious ? $"[bold red]{c.Label}[/]" : c.Label.ToString(),
                c.Trigger is { } trigger ? trigger.Flip.ToString("F2") : "—",
                c.AnomalyIndex.ToString("F2"),
                c.Landing is double landing ? landing.ToString("P0") : "—",
                c.PaperSuspicious ? $"[yellow]{c.Clusters}[/]" : c.Clusters.ToString(),
                c.Suspicious ? $"[red]suspicious[/] ({string.Join(", ", rules)})" : "[green]ok[/]");
        }
        console.Write(table);
        console.MarkupLine("[grey]flip: share of the median other class's held-out images that a patch lifted from the translations sends to the class (trigger rule) · index, lands: the shift rule's anomaly index and the translations landing at home · clusters: mean shift's count (the paper flags > 2, in yellow)[/]");
    }

    private static void RenderMmBd(IAnsiConsole console, MmBdReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("class").AddColumn(new TableColumn("max margin").RightAligned()).AddColumn(new TableColumn("steps").RightAligned()).AddColumn("verdict");
        foreach (var c in report.Classes.OrderBy(c => c.Label))
        {
            table.AddRow(
                c.Suspicious ? $"[bold red]{c.Label}[/]" : c.Label.ToString(),
                c.Statistic.ToString("F2"),
                c.Steps.ToString(),
                c.Suspicious ? "[red]flag[/]" : "[green]ok[/]");
        }
        console.Write(table);
        string test = report.PValue is double p
            ? $"the largest margin's p-value {p:G3} under a Gamma fitted to the others (flag below {report.Significance:0.###})"
            : "too few classes for the test";
        console.MarkupLine($"[grey]MM-BD (--detector mm-bd) · max margin: the largest logit margin of the class reached from random images · {Markup.Escape(test)}[/]");
    }

    private static void RenderNeuralCleanse(IAnsiConsole console, NeuralCleanseReport cleanse)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("class").AddColumn("mask L1").AddColumn("index").AddColumn("published").AddColumn("attack").AddColumn("held out").AddColumn("verdict");
        foreach (var c in cleanse.Classes.OrderBy(c => c.Label))
        {
            table.AddRow(
                c.Suspicious ? $"[bold red]{c.Label}[/]" : c.Label.ToString(),
                c.MaskL1.ToString("F1"),
                c.DecidingIndex.ToString("F2"),
                c.AnomalyIndex.ToString("F2"),
                c.AttackSuccess.ToString("P0"),
                c.HeldOutAttackSuccess is double held ? held.ToString("P0") : "—",
                c.Suspicious ? "[red]flag[/]" : "[green]ok[/]");
        }
        console.Write(table);
        console.MarkupLine($"[grey]Neural Cleanse (the pre-check found the model not robust, or --detector asked for it) · mask L1: size of the smallest trigger reversed for the class · index: the rule's anomaly index (threshold {cleanse.Threshold:0.##}) · published: Wang et al.'s index on raw sizes (threshold {cleanse.PublishedThreshold:0.##}) · attack / held out: images the reversed trigger sends to the class[/]");
    }
}
