using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// The input-gate probe's part of the page (a verdict's <c>inputGate</c>): what it asks, and per change
/// how many of the held-out images' answers changed beside the line; a flagged change first.
/// </summary>
internal static class InputGateSection
{
    public static void Write(StringBuilder html, JsonObject gate)
    {
        var changes = (gate["changes"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        string line = JsonRead.Number(gate["threshold"]) is double t ? Html.Number(100 * t, "0.0") + "%" : "—";
        string shift = JsonRead.Number(gate["materialShift"]) is double s ? Html.Number(s, "0.##") : "—";
        int images = (int)(JsonRead.Number(gate["images"]) ?? 0);
        html.Append("<h2 id=\"input-gate\">Input gate</h2><p>").Append(Html.Text(JsonRead.String(gate["explanation"]))).Append("</p>");
        html.Append("<div class=\"table-wrap\"><table class=\"classes\"><thead><tr>")
            .Append("<th scope=\"col\">change</th><th scope=\"col\">flagged</th>")
            .Append($"<th scope=\"col\" title=\"Held-out images whose softmax moved by more than {shift} in total variation (or that got no finite answer)\">answers changed<br><small>of {images}</small></th>")
            .Append($"<th scope=\"col\">rate<br><small>line {line}</small></th>")
            .Append("<th scope=\"col\">decisions changed</th>")
            .Append("<th scope=\"col\" title=\"The largest softmax shift (total variation) of any image\">largest shift</th></tr></thead><tbody>");
        foreach (var c in changes.OrderByDescending(c => JsonRead.Bool(c["flagged"])))
        {
            bool flagged = JsonRead.Bool(c["flagged"]);
            html.Append(flagged ? "<tr class=\"suspicious\">" : "<tr>")
                .Append($"<th scope=\"row\">{Html.Text(JsonRead.String(c["name"]))}</th>")
                .Append($"<td>{(flagged ? "<span class=\"badge bad\">yes</span>" : "no")}</td>")
                .Append($"<td>{Cell(c["changed"], "0")}</td>")
                .Append($"<td{(flagged ? " class=\"hit\"" : "")}>{(JsonRead.Number(c["rate"]) is double rate ? Html.Number(100 * rate, "0.0") + "%" : "—")}</td>")
                .Append($"<td>{Cell(c["decisionsChanged"], "0")}</td><td>{Cell(c["largestShift"], "0.000")}</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static string Cell(JsonNode? node, string format) => JsonRead.Number(node) is double v ? Html.Number(v, format) : "—";
}
