using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Core.Verdicts;

namespace Aegis.Reporting.Page;

/// <summary>
/// report.html: one self-contained page per scan — the verdict, the per-class table with every
/// number the decision used, the overview plot and, per class (suspicious ones first), every
/// artifact the verdict lists, embedded as data URIs. No script and no network (a
/// Content-Security-Policy forbids both), so it opens the same from a folder, a blob or an e-mail.
/// The page is driven by verdict.json: fields and artifacts added by other detectors appear
/// without changes here (see <see cref="ArtifactKinds"/> for headings and captions).
/// </summary>
public static class ReportPage
{
    public const string FileName = "report.html";

    /// <summary>
    /// Renders the page of <paramref name="verdict"/> and writes it atomically as report.html in
    /// <paramref name="folder"/>, beside the artifacts; returns its path. <paramref name="artifactPrefix"/>:
    /// what the verdict puts before the artifacts' paths in <paramref name="folder"/> (see <see cref="FolderArtifacts"/>).
    /// </summary>
    public static string Write(ScanVerdict verdict, string folder, string artifactPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(verdict);
        string path = Path.Combine(Path.GetFullPath(folder), FileName);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Render(verdict, new FolderArtifacts(folder, artifactPrefix))));
        return path;
    }

    public static string Render(ScanVerdict verdict, IArtifactReader artifacts) =>
        Render(VerdictJson.Serialize(verdict ?? throw new ArgumentNullException(nameof(verdict))), artifacts);

    /// <summary>Renders the page of a verdict document, reading the artifacts it names through <paramref name="artifacts"/>.</summary>
    public static string Render(string verdictJson, IArtifactReader artifacts)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var verdict = JsonNode.Parse(verdictJson) as JsonObject
            ?? throw new JsonException("A verdict document must be a JSON object.");
        var thresholds = Thresholds.From(verdict);
        string? dataset = JsonRead.String(verdict["dataset"]?["name"]);
        var classes = (verdict["classes"] as JsonArray)?.OfType<JsonObject>()
            .OrderBy(c => JsonRead.Number(c["label"]) ?? 0).ToArray() ?? [];

        var html = new StringBuilder(1 << 20);
        Head(html, verdict);
        VerdictHeader.Write(html, verdict, dataset);
        // `aegis trace` writes its page beside the verdict and renders this page again to point at it.
        if (artifacts.Read(Tracing.SuspectsPage.FileName) is not null)
            html.Append("<p class=\"suspects-link\"><a href=\"").Append(Tracing.SuspectsPage.FileName)
                .Append("\">Training samples that carry the trigger</a> (aegis trace: suspects.csv beside this page)</p>");
        if (verdict["inputGate"] is JsonObject gate)
            InputGateSection.Write(html, gate);
        if (verdict["neuralCleanse"] is JsonObject cleanse)
            NeuralCleanseSection.Write(html, cleanse, dataset, artifacts);
        if (verdict["mmBd"] is JsonObject mmBd)
            MmBdSection.Write(html, mmBd, dataset);
        if (classes.Length > 0)
        {
            html.Append("<h2 id=\"classes\">Classes</h2>");
            ClassTable.Write(html, classes, thresholds, dataset);
            if (artifacts.Read(ScanReportWriter.OverviewFile) is { } overview && EmbeddedImage.Tag(overview, "Anomaly index and cluster count per class") is { } image)
                html.Append("<h2 id=\"overview\">Overview</h2><figure class=\"overview\">").Append(image).Append("</figure>");
            html.Append("<h2 id=\"per-class\">Per class</h2>");
            foreach (var c in classes.OrderByDescending(c => JsonRead.Bool(c["suspicious"])))
                ClassSection.Write(html, c, thresholds, dataset, artifacts);
        }
        html.Append("<h2 id=\"verdict-json\">verdict.json</h2><details class=\"raw\"><summary>The verdict document this page was made from</summary><pre>")
            .Append(Html.Text(verdict.ToJsonString(VerdictJson.Options)))
            .Append("</pre></details>");
        html.Append("<footer>Made by ").Append(Html.Text(JsonRead.String(verdict["tool"]) ?? VerdictBuilder.ToolName))
            .Append(". This page is self-contained: it loads nothing and runs no script.</footer></main></body></html>\n");
        return html.ToString();
    }

    private static void Head(StringBuilder html, JsonObject verdict)
    {
        string kind = JsonRead.String(verdict["verdict"]) ?? "verdict";
        string model = JsonRead.String(verdict["model"]?["name"]) ?? "model";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<title>").Append(Html.Text($"{kind} · {model} · Aegis scan")).Append("</title>")
            .Append("<style>").Append(PageStyle.Css).Append("</style></head><body><main>");
    }
}
