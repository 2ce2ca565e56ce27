using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>
/// The per-class table: every number the decision used, each beside its threshold and how far it
/// is from it; cells that meet a rule's condition are marked, suspicious rows highlighted.
/// Scalar fields the page does not know (added by other detectors) get a column of their own.
/// </summary>
internal static class ClassTable
{
    /// <summary>Fields with a column (or a section) of their own; everything else scalar becomes an extra column.</summary>
    private static readonly HashSet<string> KnownFields =
    [
        "label", "clusters", "bandwidth", "translatedCount", "cleanCount", "translationSuccess", "shift", "anomalyIndex",
        "landing", "paperSuspicious", "shiftSuspicious", "suspicious", "clusterDetails", "artifacts",
        "trigger", "triggerSuspicious", "anomalyMargin", "landingMargin",
    ];

    public static void Write(StringBuilder html, IReadOnlyList<JsonObject> classes, Thresholds thresholds, string? dataset)
    {
        var extras = classes.SelectMany(c => c.Where(kv => !KnownFields.Contains(kv.Key) && JsonRead.Scalar(kv.Value) is not null).Select(kv => kv.Key))
            .Distinct().ToArray();
        html.Append("<div class=\"table-wrap\"><table class=\"classes\"><thead><tr>")
            .Append("<th scope=\"col\">class</th><th scope=\"col\">flagged</th>")
            .Append("<th scope=\"col\" title=\"Share of the median other class's held-out images that a small patch lifted from the translations sends to this class; the trigger rule flags it above its line (a binomial bound)\">trigger flip</th>")
            .Append($"<th scope=\"col\" title=\"Robust z-score of the shift across classes; the shift rule needs it above {Html.Number(thresholds.AnomalyThreshold)}\">anomaly index<br><small>line {Html.Number(thresholds.AnomalyThreshold)}</small></th>")
            .Append($"<th scope=\"col\" title=\"Share of translations whose features land nearest this class's clean centroid; the shift rule needs it below {Html.Percent(thresholds.LandingLimit)}\">landing<br><small>line {Html.Percent(thresholds.LandingLimit)}</small></th>")
            .Append("<th scope=\"col\" title=\"Distance between translated and clean feature centroids in units of the clean spread\">shift</th>")
            .Append($"<th scope=\"col\" title=\"Mean-shift clusters; the paper's rule flags more than {thresholds.PaperClusterLimit}\">clusters<br><small>paper line &gt; {thresholds.PaperClusterLimit}</small></th>")
            .Append("<th scope=\"col\">bandwidth</th><th scope=\"col\" title=\"Share of translated images the model assigns to the class\">translation success</th>")
            .Append("<th scope=\"col\">translated / clean</th>");
        foreach (var extra in extras)
            html.Append($"<th scope=\"col\">{Html.Text(Html.Humanise(extra))}</th>");
        html.Append("</tr></thead><tbody>");

        foreach (var c in classes)
        {
            int label = (int)(JsonRead.Number(c["label"]) ?? -1);
            bool suspicious = JsonRead.Bool(c["suspicious"]);
            html.Append(suspicious ? "<tr class=\"suspicious\">" : "<tr>");
            string? name = ClassNames.Of(dataset, label);
            html.Append($"<th scope=\"row\"><a href=\"#class-{label}\">{label}</a>{(name is null ? "" : $" <small>{Html.Text(name)}</small>")}</th>");
            html.Append($"<td>{Flags(c)}</td>");
            html.Append(TriggerCell(c["trigger"] as JsonObject));
            html.Append(AnomalyCell(JsonRead.Number(c["anomalyIndex"]), thresholds));
            html.Append(LandingCell(JsonRead.Number(c["landing"]), thresholds));
            html.Append(Cell(JsonRead.Number(c["shift"]) is double shift ? Html.Number(shift, "0.00") : "—"));
            html.Append(ClustersCell(JsonRead.Number(c["clusters"]), thresholds));
            html.Append(Cell(JsonRead.Number(c["bandwidth"]) is double bandwidth ? Html.Number(bandwidth, "0.00") : "—"));
            html.Append(Cell(JsonRead.Number(c["translationSuccess"]) is double success ? Html.Percent(success) : "—"));
            html.Append(Cell($"{Html.Number(JsonRead.Number(c["translatedCount"]) ?? 0, "0")} / {Html.Number(JsonRead.Number(c["cleanCount"]) ?? 0, "0")}"));
            foreach (var extra in extras)
                html.Append(Cell(Html.Text(JsonRead.Scalar(c[extra]) ?? "—")));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static string Flags(JsonObject c)
    {
        var flags = new List<string>();
        if (JsonRead.Bool(c["suspicious"]))
            flags.Add("<span class=\"badge bad\">suspicious</span>");
        if (JsonRead.Bool(c["triggerSuspicious"]))
            flags.Add("<span class=\"badge note\">trigger rule</span>");
        if (JsonRead.Bool(c["shiftSuspicious"]) && !JsonRead.Bool(c["suspicious"]))
            flags.Add("<span class=\"badge note\">shift rule</span>");
        if (JsonRead.Bool(c["paperSuspicious"]))
            flags.Add("<span class=\"badge note\">paper rule</span>");
        return flags.Count == 0 ? "—" : string.Join(" ", flags);
    }

    /// <summary>The trigger rule's causal check: the flip rate against the line the verdict recorded with it.</summary>
    private static string TriggerCell(JsonObject? trigger)
    {
        if (JsonRead.Number(trigger?["flip"]) is not double flip || JsonRead.Number(trigger?["threshold"]) is not double line)
            return Cell("—");
        double points = (flip - line) * 100;
        string note = points > 0 ? $"{Html.Number(points, "0")} pts over {Html.Percent(line)}" : $"{Html.Number(-points, "0")} pts under {Html.Percent(line)}";
        return Cell(Html.Percent(flip), note, hit: points > 0);
    }

    private static string AnomalyCell(double? index, Thresholds t)
    {
        if (index is not double z)
            return Cell("—");
        double margin = z - t.AnomalyThreshold;
        string note = margin > 0 ? $"{Html.Number(margin, "0.0")} over" : $"{Html.Number(-margin, "0.0")} under";
        return Cell(Html.Number(z, "0.00"), note, hit: margin > 0);
    }

    private static string LandingCell(double? landing, Thresholds t)
    {
        if (landing is not double share || double.IsNaN(share))
            return Cell("—");
        double points = (share - t.LandingLimit) * 100;
        string note = points < 0 ? $"{Html.Number(-points, "0")} pts under" : $"{Html.Number(points, "0")} pts over";
        return Cell(Html.Percent(share), note, hit: points < 0);
    }

    private static string ClustersCell(double? clusters, Thresholds t)
    {
        if (clusters is not double count)
            return Cell("—");
        double margin = count - t.PaperClusterLimit;
        return Cell(Html.Number(count, "0"), margin > 0 ? $"{Html.Number(margin, "0")} over" : "within", hit: margin > 0);
    }

    private static string Cell(string value, string? note = null, bool hit = false) =>
        $"<td{(hit ? " class=\"hit\"" : "")}>{value}{(note is null ? "" : $"<small>{note}</small>")}</td>";
}
