using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// MM-BD's part of the page (a verdict's <c>mmBd</c>): the test's outcome, and every class's maximum
/// margin with the Gamma null's p-value of the largest beside the significance.
/// </summary>
internal static class MmBdSection
{
    public static void Write(StringBuilder html, JsonObject mmBd, string? dataset)
    {
        var classes = (mmBd["classes"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        string line = JsonRead.Number(mmBd["significance"]) is double s ? Html.Number(s, "0.###") : "—";
        string p = JsonRead.Number(mmBd["pValue"]) is double v ? Html.Number(v, "G3") : "—";
        int? largest = JsonRead.Number(mmBd["largestClass"]) is double l ? (int)l : null;
        html.Append("<h2 id=\"mm-bd\">MM-BD</h2><p>").Append(Html.Text(JsonRead.String(mmBd["explanation"]))).Append("</p>");
        html.Append("<p>Each class's statistic is the largest margin (its logit minus the largest other logit) that gradient ascent from random images reached; ")
            .Append("the largest is tested against a Gamma fitted to the others: p = ").Append(p).Append(", flagged below ").Append(line).Append(".</p>");
        html.Append("<div class=\"table-wrap\"><table class=\"classes\"><thead><tr>")
            .Append("<th scope=\"col\">class</th><th scope=\"col\">flagged</th><th scope=\"col\">max margin</th><th scope=\"col\">steps</th>")
            .Append($"<th scope=\"col\" title=\"The largest statistic's order-statistic p-value under the others' Gamma\">p-value<br><small>line {line}</small></th></tr></thead><tbody>");
        foreach (var c in classes.OrderBy(c => JsonRead.Number(c["label"]) ?? 0))
        {
            int label = (int)(JsonRead.Number(c["label"]) ?? -1);
            bool suspicious = JsonRead.Bool(c["suspicious"]);
            string name = ClassNames.Of(dataset, label) is { } n ? $" <small>{Html.Text(n)}</small>" : "";
            html.Append(suspicious ? "<tr class=\"suspicious\">" : "<tr>")
                .Append($"<th scope=\"row\">{label}{name}</th>")
                .Append($"<td>{(suspicious ? "<span class=\"badge bad\">yes</span>" : "no")}</td>")
                .Append($"<td>{Cell(c["statistic"], "0.00")}</td><td>{Cell(c["steps"], "0")}</td>")
                .Append($"<td{(suspicious ? " class=\"hit\"" : "")}>{(label == largest ? p : "")}</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static string Cell(JsonNode? node, string format) => JsonRead.Number(node) is double v ? Html.Number(v, format) : "—";
}
