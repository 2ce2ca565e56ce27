using System.Text;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tracing;

/// <summary>
/// suspects.html beside suspects.csv: the traced classes and the top suspects' images with the trigger
/// region marked, self-contained like report.html (no script, no network; images as data URIs).
/// report.html links here when the page sits beside it.
/// </summary>
public static class SuspectsPage
{
    public const string FileName = "suspects.html";

    public static string Write(string folder, TraceReport report, IReadOnlyList<SuspectImage> top, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(top);
        ImagePixels.EnsureDrawable(shape);
        string path = Path.Combine(Path.GetFullPath(folder), FileName);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Render(report, top, shape, File.Exists(Path.Combine(folder, ReportPage.FileName)))));
        return path;
    }

    public static string Render(TraceReport report, IReadOnlyList<SuspectImage> top, ImageShape shape, bool besideReport)
    {
        var html = new StringBuilder(1 << 18);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<title>").Append(Html.Text($"Suspects · {report.Model} · Aegis trace")).Append("</title>")
            .Append("<style>").Append(PageStyle.Css)
            .Append(".suspects{display:flex;flex-wrap:wrap;gap:12px}.suspects figure{margin:0}.suspects figcaption{font-size:12px;color:var(--muted)}")
            .Append("</style></head><body><main>");
        html.Append("<h1>Training samples that carry the trigger</h1>");
        if (besideReport)
            html.Append("<p><a href=\"").Append(ReportPage.FileName).Append("\">Back to the scan report</a></p>");
        html.Append("<p>Model <b>").Append(Html.Text(report.Model)).Append("</b> (SHA-256 <code>").Append(Html.Text(report.ModelSha256))
            .Append("</code>), verdict <b>").Append(Html.Text(report.Verdict)).Append("</b>, data <code>").Append(Html.Text(report.Data)).Append("</code>.</p>");
        if (report.Message is { } message)
            html.Append("<p>").Append(Html.Text(message)).Append("</p>");
        if (report.Classes.Count > 0)
        {
            html.Append("<table><thead><tr><th>class</th><th>trigger</th><th>samples</th><th>decision changes when covered</th><th>stamped images sent to the class</th></tr></thead><tbody>");
            foreach (var c in report.Classes)
                html.Append("<tr><td>").Append(c.Label).Append("</td><td>").Append(Html.Text(c.Trigger)).Append("</td><td>").Append(c.Samples)
                    .Append("</td><td>").Append(c.DecisionsChanged).Append("</td><td>").Append(Html.Percent(c.StampedFlip)).Append("</td></tr>");
            html.Append("</tbody></table>");
            html.Append("<p>Each sample of a flagged class is scored by the mean of three pieces of evidence in [0, 1]: how much of the trigger it shows, ")
                .Append("how much belief in its label the model loses when the trigger region (outlined in red) is covered, and how near its features lie to ")
                .Append("trigger-stamped images of other classes. The full list is <code>").Append(SuspectsFiles.CsvFile).Append("</code>.</p>");
        }
        if (top.Count > 0)
        {
            var regions = report.Classes.ToDictionary(c => c.Label, c => c.Region);
            html.Append("<h2>Top ").Append(top.Count).Append(" suspects</h2><div class=\"suspects\">");
            foreach (var (suspect, pixels) in top)
            {
                var png = SuspectTile.Png(pixels, shape, regions.GetValueOrDefault(suspect.Label, []).ToArray());
                html.Append("<figure>").Append(EmbeddedImage.Tag(png, $"sample {suspect.Index}"))
                    .Append("<figcaption>").Append(Html.Text(suspect.Index)).Append(" · class ").Append(suspect.Label)
                    .Append(" · ").Append(Html.Number(suspect.Score, "0.00")).Append(suspect.DecisionChanged ? " · covered → " + suspect.CoveredPrediction : "")
                    .Append("</figcaption></figure>");
            }
            html.Append("</div>");
        }
        html.Append("<footer>Made by aegis trace. This page is self-contained: it loads nothing and runs no script.</footer></main></body></html>\n");
        return html.ToString();
    }
}
