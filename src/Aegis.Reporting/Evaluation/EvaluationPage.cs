using System.Globalization;
using System.Text;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Evaluation;

/// <summary>
/// evaluation.html: the evaluation on one self-contained page, like a scan's report.html (no script,
/// nothing loaded, pictures as data URIs) — the ROC curves, each track's metrics over all its models,
/// by attack-success bin and by trigger family, the rules' false alarms, and every model beside its truth.
/// </summary>
public static class EvaluationPage
{
    public const string FileName = "evaluation.html";

    public static string Write(EvaluationReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        string path = Path.Combine(Path.GetFullPath(folder), FileName);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Render(report)));
        return path;
    }

    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<title>").Append(Html.Text($"Evaluation · {Path.GetFileName(Path.TrimEndingDirectorySeparator(report.Directory))} · Aegis")).Append("</title>")
            .Append("<style>").Append(PageStyle.Css).Append("</style></head><body><main>");
        html.Append("<header class=\"verdict\"><p class=\"kicker\">Aegis evaluation</p><h1>").Append(Html.Text(report.Directory)).Append("</h1>")
            .Append("<p class=\"sentence\">").Append(report.Models.Count).Append(" models, ").Append(report.Errors).Append(" scan errors; data ")
            .Append(Html.Text(report.Data)).Append(". Rates carry 95% ").Append(Html.Text(report.Intervals)).Append(" intervals.</p></header>");

        var scored = report.Tracks.ToDictionary(t => t.Key, t => (IReadOnlyList<ScoredTruth>)report.Models
            .Where(m => m.Track == t.Key && m.Scored).Select(m => new ScoredTruth(m.Probability!.Value, m.Backdoored!.Value)).ToArray());
        if (scored.Count > 0 && EmbeddedImage.Tag(RocPlot.RenderPng(scored), "ROC curve per track") is { } roc)
            html.Append("<h2 id=\"roc\">ROC curves</h2><figure class=\"overview\">").Append(roc).Append("</figure>");

        foreach (var (name, track) in report.Tracks)
        {
            html.Append("<h2 id=\"track-").Append(Html.Text(name)).Append("\">").Append(Html.Text(name)).Append(" track</h2>");
            html.Append("<div class=\"table-wrap\"><table><thead><tr><th>models</th><th>backdoored</th><th>ROC-AUC</th><th>AUPR</th><th>FPR at 95% TPR</th>")
                .Append("<th>TPR</th><th>false alarms</th><th>target class</th><th>cross-entropy</th><th>Brier</th><th>s / model</th></tr></thead><tbody>");
            Row(html, "all", track);
            foreach (var (bin, metrics) in track.ByAttackSuccess)
                Row(html, $"attack success {bin}", metrics);
            foreach (var (trigger, metrics) in track.ByTrigger)
                Row(html, trigger, metrics);
            html.Append("</tbody></table></div>");
            html.Append("<p class=\"why\">Rows after the first set the backdoored models of one attack-success bin or trigger family against all the track's clean models.");
            if (track.Unscored > 0)
                html.Append(' ').Append(track.Unscored).Append(" model(s) of the track had no probability or no truth and are left out.");
            html.Append("</p>");
            if (track.FalseAlarmsByRule.Count > 0)
            {
                html.Append("<p class=\"why\">Clean models each rule flagged (whether or not it decided): ")
                    .Append(string.Join("; ", track.FalseAlarmsByRule.Select(r => $"{Html.Text(r.Key)} {r.Value.Flagged} of {r.Value.CleanModels} (conformal bound {Html.Percent(r.Value.ConformalBound)})")))
                    .Append(".</p>");
            }
        }

        html.Append("<h2 id=\"models\">Models</h2><div class=\"table-wrap\"><table><thead><tr><th>model</th><th>track</th><th>truth</th><th>trigger</th><th>attack success</th>")
            .Append("<th>verdict</th><th>classes</th><th>probability</th><th>score</th><th>seconds</th></tr></thead><tbody>");
        foreach (var m in report.Models)
        {
            bool wrong = m.Backdoored is bool truth && m.Verdict is VerdictKinds.Clean or VerdictKinds.Backdoored && truth != (m.Verdict == VerdictKinds.Backdoored);
            html.Append(wrong || m.Error is not null ? "<tr class=\"suspicious\">" : "<tr>");
            string name = Html.Text(m.Model);
            html.Append("<th scope=\"row\">").Append(m.VerdictFile is { } file ? $"<a href=\"{Html.Text(Path.Combine(Path.GetDirectoryName(file) ?? "", ReportPage.FileName))}\">{name}</a>" : name).Append("</th>");
            html.Append("<td>").Append(Html.Text(m.Track ?? "—")).Append("</td>");
            html.Append("<td>").Append(m.Backdoored switch { true => m.Target is int t ? $"backdoored → {t}" : "backdoored", false => "clean", _ => "unknown" }).Append("</td>");
            html.Append("<td>").Append(Html.Text(m.Trigger ?? "—")).Append("</td>");
            html.Append("<td>").Append(m.AttackSuccess is double a ? Html.Number(a, "0.00") : "—").Append("</td>");
            html.Append("<td").Append(wrong ? " class=\"hit\"" : "").Append('>').Append(Html.Text(m.Error is { } e ? $"error: {e.Code}" : m.Verdict)).Append("</td>");
            html.Append("<td>").Append(string.Join(", ", m.SuspiciousClasses)).Append("</td>");
            html.Append("<td>").Append(m.Probability is double p ? Html.Number(p, "0.000") : "—").Append("</td>");
            html.Append("<td>").Append(m.Score is double s ? Html.Number(s, "+0.00;−0.00;0.00") : "—").Append("</td>");
            html.Append("<td>").Append(m.Seconds is double sec ? Html.Number(sec, "0") : "—").Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
        html.Append("<footer>Made by ").Append(Html.Text(report.Tool)).Append(", ")
            .Append(Html.Text(report.CompletedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(". This page is self-contained: it loads nothing and runs no script.</footer></main></body></html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string label, DetectionMetrics m)
    {
        html.Append("<tr><th scope=\"row\">").Append(Html.Text(label)).Append("</th>")
            .Append("<td>").Append(m.Models).Append(" (").Append(m.Clean).Append(" clean)</td>")
            .Append("<td>").Append(m.Backdoored).Append("</td>")
            .Append("<td>").Append(Value(m.RocAuc)).Append("</td>")
            .Append("<td>").Append(Value(m.Aupr)).Append("</td>")
            .Append("<td>").Append(Value(m.FprAt95Tpr)).Append("</td>")
            .Append("<td>").Append(Rate(m.TruePositiveRate)).Append("</td>")
            .Append("<td>").Append(Rate(m.FalseAlarmRate)).Append("</td>")
            .Append("<td>").Append(Rate(m.TargetAccuracy)).Append("</td>")
            .Append("<td>").Append(Value(m.CrossEntropy)).Append("</td>")
            .Append("<td>").Append(Value(m.Brier)).Append("</td>")
            .Append("<td>").Append(m.SecondsPerModel is double s ? Html.Number(s, "0") : "—").Append("</td></tr>");
    }

    private static string Value(double? value) => value is double v ? Html.Number(v, "0.000") : "—";

    private static string Rate(Proportion p) => p.Rate is double r
        ? $"{p.Successes}/{p.Trials} = {Html.Number(r, "0.00")}<small>[{Html.Number(p.Lower!.Value, "0.00")}, {Html.Number(p.Upper!.Value, "0.00")}]</small>"
        : "—";
}
