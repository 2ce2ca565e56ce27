using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// Neural Cleanse's part of the page (a verdict's <c>neuralCleanse</c>): its rule, a table of every
/// class's reversed trigger size and anomaly indices beside the threshold, the overview of every
/// class's stamp and each class's mask | pattern | mask × pattern, flagged classes first; the all-to-all row's table.
/// </summary>
internal static class NeuralCleanseSection
{
    public static void Write(StringBuilder html, JsonObject cleanse, string? dataset, IArtifactReader artifacts)
    {
        var classes = (cleanse["classes"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        string threshold = JsonRead.Number(cleanse["threshold"]) is double t ? Html.Number(t, "0.00") : "—";
        string published = JsonRead.Number(cleanse["publishedThreshold"]) is double p ? Html.Number(p) : "—";
        html.Append("<h2 id=\"neural-cleanse\">Neural Cleanse</h2><p>").Append(Html.Text(JsonRead.String(cleanse["explanation"]))).Append("</p>");
        html.Append("<div class=\"table-wrap\"><table class=\"classes\"><thead><tr>")
            .Append("<th scope=\"col\">class</th><th scope=\"col\">flagged</th><th scope=\"col\">mask L1</th>")
            .Append($"<th scope=\"col\" title=\"The index the rule compared with its threshold\">anomaly index<br><small>line {threshold}</small></th>")
            .Append($"<th scope=\"col\" title=\"Wang et al.'s index on the raw mask sizes\">published index<br><small>line {published}</small></th>")
            .Append("<th scope=\"col\">attack success</th><th scope=\"col\" title=\"Held-out images of other classes the reversed trigger sends to the class\">held out</th></tr></thead><tbody>");
        foreach (var c in classes.OrderBy(c => JsonRead.Number(c["label"]) ?? 0))
        {
            int label = (int)(JsonRead.Number(c["label"]) ?? -1);
            bool suspicious = JsonRead.Bool(c["suspicious"]);
            string name = ClassNames.Of(dataset, label) is { } n ? $" <small>{Html.Text(n)}</small>" : "";
            html.Append(suspicious ? "<tr class=\"suspicious\">" : "<tr>")
                .Append($"<th scope=\"row\">{label}{name}</th>")
                .Append($"<td>{(suspicious ? "<span class=\"badge bad\">yes</span>" : "no")}</td>")
                .Append($"<td>{Cell(c["maskL1"], "0.0")}</td><td>{Cell(c["decidingIndex"], "0.00")}</td><td>{Cell(c["anomalyIndex"], "0.00")}</td>")
                .Append($"<td>{Percent(c["attackSuccess"])}</td><td>{Percent(c["heldOutAttackSuccess"])}</td></tr>");
        }
        html.Append("</tbody></table></div>");
        if (cleanse["allToAll"] is JsonObject row)
            AllToAllSection.Write(html, row, dataset);

        if (JsonRead.String(cleanse["overview"]) is { } overview && artifacts.Read(overview) is { } bytes
            && EmbeddedImage.Tag(bytes, "Reversed trigger of every class") is { } image)
            html.Append("<figure class=\"overview\"><figcaption><strong>Reversed triggers</strong> <span>mask × pattern of every class, flagged first, then smallest first</span></figcaption>").Append(image).Append("</figure>");
        foreach (var c in classes.OrderByDescending(c => JsonRead.Bool(c["suspicious"])))
        {
            int label = (int)(JsonRead.Number(c["label"]) ?? -1);
            string? path = JsonRead.String((c["artifacts"] as JsonObject)?["trigger"]);
            if (path is null || artifacts.Read(path) is not { } picture || EmbeddedImage.Tag(picture, $"class {label}: reversed mask, pattern and their product") is not { } tag)
                continue;
            html.Append($"<figure class=\"wide\" id=\"neural-cleanse-class-{label}\"><figcaption><strong>Class {label}</strong> <span>mask (white = stamped) · pattern · mask × pattern</span></figcaption>")
                .Append(tag).Append("</figure>");
        }
    }

    private static string Cell(JsonNode? node, string format) => JsonRead.Number(node) is double v ? Html.Number(v, format) : "—";

    private static string Percent(JsonNode? node) => JsonRead.Number(node) is double v ? Html.Percent(v) : "—";
}
