using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// Neural Cleanse's all-to-all row on the page (a verdict's <c>neuralCleanse.allToAll</c>): for each class, where
/// the trigger that sends images away from their own class sent most of its held-out images, and which of those
/// pairs made the matching.
/// </summary>
internal static class AllToAllSection
{
    public static void Write(StringBuilder html, JsonObject row, string? dataset)
    {
        var destinations = (row["destinations"] as JsonArray)?.OfType<JsonArray>().Select(r => r.Select(n => JsonRead.Number(n) ?? 0).ToArray()).ToArray() ?? [];
        var matching = row["matching"] as JsonObject;
        var origins = (matching?["origins"] as JsonObject)?.ToDictionary(p => p.Key, p => JsonRead.Number(p.Value)) ?? [];
        var lines = matching?["lines"] as JsonObject;
        bool detected = JsonRead.Bool(matching?["detected"]);
        string size = JsonRead.Number(row["maskL1"]) is double l ? Html.Number(l, "0.0") : "—";
        html.Append("<h3 id=\"all-to-all\">All-to-all row</h3><p>")
            .Append($"The smallest trigger that sends images away from their own class has a mask of L1 {size}. ")
            .Append(detected ? "<span class=\"badge bad\">all-to-all</span> " : "")
            .Append("Below, where each class's held-out images went most when stamped with it; a pair counts when it takes the majority, ")
            .Append($"and the row flags all-to-all when at least {Html.Number(JsonRead.Number(matching?["needed"]) ?? 0, "0")} classes are reached, each from its own origin.</p>");
        html.Append("<div class=\"table-wrap\"><table class=\"classes\"><thead><tr>")
            .Append("<th scope=\"col\">origin</th><th scope=\"col\">sent mostly to</th><th scope=\"col\">share</th><th scope=\"col\">line</th><th scope=\"col\">in the matching</th></tr></thead><tbody>");
        for (int origin = 0; origin < destinations.Length; origin++)
        {
            var counts = destinations[origin];
            double total = counts.Sum();
            if (total <= 0 || counts.Length != destinations.Length)
                continue;
            int target = Enumerable.Range(0, counts.Length).Where(c => c != origin).MaxBy(c => counts[c]);
            bool matched = origins.TryGetValue(target.ToString(System.Globalization.CultureInfo.InvariantCulture), out var o) && o == origin;
            string line = matched && JsonRead.Number(lines?[target.ToString(System.Globalization.CultureInfo.InvariantCulture)]) is double v ? Html.Percent(v) : "—";
            html.Append(matched ? "<tr class=\"suspicious\">" : "<tr>")
                .Append($"<th scope=\"row\">{origin}{Name(dataset, origin)}</th><td>{target}{Name(dataset, target)}</td>")
                .Append($"<td>{Html.Percent(counts[target] / total)}</td><td>{line}</td><td>{(matched ? "<span class=\"badge bad\">yes</span>" : "no")}</td></tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static string Name(string? dataset, int label) => ClassNames.Of(dataset, label) is { } n ? $" <small>{Html.Text(n)}</small>" : "";
}
