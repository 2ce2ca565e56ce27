using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// One class's part of the page: a line of its key numbers, then every artifact the verdict lists
/// for it (plots, evidence, example grids, whatever a detector added) and its clusters' make-up.
/// Suspicious classes are open; the others fold away behind their summary line.
/// </summary>
internal static class ClassSection
{
    public static void Write(StringBuilder html, JsonObject c, Thresholds thresholds, string? dataset, IArtifactReader artifacts)
    {
        int label = (int)(JsonRead.Number(c["label"]) ?? -1);
        bool suspicious = JsonRead.Bool(c["suspicious"]);
        string? name = ClassNames.Of(dataset, label);
        html.Append($"<section class=\"class{(suspicious ? " suspicious" : "")}\" id=\"class-{label}\">");
        html.Append(suspicious ? "<details open>" : "<details>");
        html.Append("<summary><h3>Class ").Append(label);
        if (name is not null)
            html.Append(" · ").Append(Html.Text(name));
        html.Append(suspicious ? " <span class=\"badge bad\">suspicious</span>" : "");
        html.Append("</h3><span class=\"facts\">").Append(Facts(c, thresholds)).Append("</span></summary>");

        html.Append("<div class=\"figures\">");
        var listed = c["artifacts"] as JsonObject;
        var pairs = listed?.Select(kv => new KeyValuePair<string, string>(kv.Key, JsonRead.String(kv.Value) ?? "")) ?? [];
        foreach (var (kind, path) in ArtifactKinds.Ordered(pairs))
            Figure(html, label, kind, path, artifacts);
        html.Append("</div>");
        ClusterTable(html, c["clusterDetails"] as JsonArray, dataset);
        html.Append("</details></section>");
    }

    private static string Facts(JsonObject c, Thresholds t)
    {
        var facts = new List<string>();
        if (JsonRead.Number(c["anomalyIndex"]) is double z)
            facts.Add($"anomaly index {Html.Number(z, "0.0")} (line {Html.Number(t.AnomalyThreshold)})");
        if (JsonRead.Number(c["landing"]) is double landing && !double.IsNaN(landing))
            facts.Add($"lands at home {Html.Percent(landing)} (line {Html.Percent(t.LandingLimit)})");
        if (JsonRead.Number(c["clusters"]) is double clusters)
            facts.Add($"{Html.Number(clusters, "0")} cluster{(clusters == 1 ? "" : "s")}");
        if (JsonRead.Number(c["translationSuccess"]) is double success)
            facts.Add($"translation success {Html.Percent(success)}");
        return string.Join(" · ", facts);
    }

    private static void Figure(StringBuilder html, int label, string kind, string path, IArtifactReader artifacts)
    {
        var info = ArtifactKinds.Of(kind);
        var bytes = path.Length == 0 ? null : artifacts.Read(path);
        string? image = bytes is null ? null : EmbeddedImage.Tag(bytes, $"class {label}: {info.Title}");
        html.Append($"<figure class=\"{(info.Wide ? "wide" : "narrow")}\">");
        html.Append($"<figcaption><strong>{Html.Text(info.Title)}</strong>");
        if (info.Caption.Length > 0)
            html.Append($" <span>{Html.Text(info.Caption)}</span>");
        html.Append("</figcaption>");
        html.Append(image ?? $"<p class=\"missing\">{Html.Text(path)} is not available.</p>");
        html.Append("</figure>");
    }

    private static void ClusterTable(StringBuilder html, JsonArray? clusters, string? dataset)
    {
        if (clusters is null || clusters.Count == 0)
            return;
        html.Append("<div class=\"table-wrap\"><table class=\"clusters\"><thead><tr><th scope=\"col\">cluster</th><th scope=\"col\">translated</th><th scope=\"col\">clean</th>")
            .Append("<th scope=\"col\">mean |difference|</th><th scope=\"col\">seed labels of its translations</th></tr></thead><tbody>");
        foreach (var node in clusters.OfType<JsonObject>())
        {
            var seeds = (node["seedLabels"] as JsonObject)?
                .Select(kv => (Label: kv.Key, Count: JsonRead.Number(kv.Value) ?? 0))
                .OrderByDescending(s => s.Count)
                .Select(s => int.TryParse(s.Label, out int l) && ClassNames.Of(dataset, l) is { } n
                    ? $"{Html.Text(s.Label)} <small>{Html.Text(n)}</small>: {Html.Number(s.Count, "0")}"
                    : $"{Html.Text(s.Label)}: {Html.Number(s.Count, "0")}")
                .ToArray() ?? [];
            html.Append("<tr>")
                .Append($"<th scope=\"row\">{Html.Text(JsonRead.Scalar(node["cluster"]))}</th>")
                .Append($"<td>{Html.Text(JsonRead.Scalar(node["translated"]))}</td>")
                .Append($"<td>{Html.Text(JsonRead.Scalar(node["clean"]))}</td>")
                .Append($"<td>{(JsonRead.Number(node["meanImageDifference"]) is double d ? Html.Number(d, "0.0000") : "—")}</td>")
                .Append($"<td class=\"seeds\">{(seeds.Length == 0 ? "—" : string.Join(", ", seeds))}</td>")
                .Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }
}
