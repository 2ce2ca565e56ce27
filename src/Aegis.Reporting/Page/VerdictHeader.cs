using System.Text;
using System.Text.Json.Nodes;
using Aegis.Core.Detection;

namespace Aegis.Reporting.Page;

/// <summary>The top of the page: the verdict in one word and one sentence, why, and the scan's facts.</summary>
internal static class VerdictHeader
{
    /// <summary>Top-level fields shown elsewhere on the page; other scalar ones are listed among the facts.</summary>
    private static readonly HashSet<string> KnownFields =
    [
        "schemaVersion", "verdict", "suspiciousClasses", "classes", "model", "dataset", "parameters", "decision",
        "robustness", "timingsSeconds", "error", "scanId", "startedAt", "completedAt", "tool", "inputGate", "neuralCleanse",
        "score", "probability", "calibration",
    ];

    public static void Write(StringBuilder html, JsonObject verdict, string? dataset)
    {
        string kind = JsonRead.String(verdict["verdict"]) ?? "unknown";
        string model = JsonRead.String(verdict["model"]?["name"]) ?? "model";
        var suspicious = JsonRead.Ints(verdict["suspiciousClasses"]);

        html.Append("<header class=\"verdict ").Append(Html.Text(kind)).Append("\">");
        html.Append("<p class=\"kicker\">Aegis backdoor scan</p>");
        html.Append("<h1>").Append(Html.Text(model)).Append("</h1>");
        html.Append("<p class=\"word\">").Append(Html.Text(kind.Replace('-', ' '))).Append("</p>");
        html.Append("<p class=\"sentence\">").Append(Sentence(kind, suspicious, verdict, dataset)).Append("</p>");
        if (JsonRead.Number(verdict["probability"]) is double probability && JsonRead.Number(verdict["score"]) is double score)
        {
            html.Append("<p class=\"probability\">Probability of a backdoor <strong>").Append(Html.Number(probability, "0.00")).Append("</strong> · score ")
                .Append(Html.Number(score, "+0.00;−0.00;0.00")).Append(" (0 is the verdict's line")
                .Append(JsonRead.String(verdict["calibration"]) is { } calibration ? $"; calibration {Html.Text(calibration)}" : "").Append(")</p>");
        }
        if (JsonRead.String(verdict["decision"]?["explanation"]) is { } explanation)
            html.Append("<p class=\"why\">").Append(Html.Text(explanation)).Append("</p>");
        html.Append("</header>");

        html.Append("<dl class=\"facts\">");
        Fact(html, "model", model);
        if (JsonRead.String(verdict["model"]?["sha256"]) is { Length: > 12 } sha)
            html.Append($"<div><dt>sha256</dt><dd title=\"{Html.Text(sha)}\"><code>{Html.Text(sha[..12])}…</code></dd></div>");
        Fact(html, "dataset", dataset);
        Fact(html, "decision rule", JsonRead.String(verdict["decision"]?["rule"]));
        Fact(html, "reason", JsonRead.String(verdict["decision"]?["reason"]));
        if (verdict["robustness"] is JsonObject robustness)
        {
            Fact(html, "robustness", $"{Html.Percent(JsonRead.Number(robustness["adversarialAccuracy"]) ?? double.NaN)} under attack, "
                + $"{Html.Percent(JsonRead.Number(robustness["cleanAccuracy"]) ?? double.NaN)} clean", escape: false);
        }
        if (JsonRead.Number(verdict["timingsSeconds"]?["total"]) is double seconds && seconds > 0)
            Fact(html, "scan time", $"{Html.Number(seconds, "0")} s", escape: false);
        if (verdict["completedAt"] is JsonValue completed && completed.TryGetValue<DateTimeOffset>(out var at))
            Fact(html, "completed", at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        Fact(html, "scan id", JsonRead.String(verdict["scanId"]));
        Fact(html, "tool", JsonRead.String(verdict["tool"]));
        foreach (var (field, value) in verdict.Where(kv => !KnownFields.Contains(kv.Key)))
            Fact(html, Html.Humanise(field), JsonRead.Scalar(value));
        html.Append("</dl>");
    }

    private static string Sentence(string kind, IReadOnlyList<int> suspicious, JsonObject verdict, string? dataset)
    {
        string Named(int label) => ClassNames.Of(dataset, label) is { } name ? $"{label} ({Html.Text(name)})" : $"{label}";
        return kind switch
        {
            "backdoored" when JsonRead.String(verdict["decision"]?["reason"]) == InputGateRule.Reason =>
                "The model answers real images differently when they are changed in ways no image pipeline notices (<a href=\"#input-gate\">input-gated</a>): it can show a scanner another model than the one real inputs meet.",
            "backdoored" when suspicious.Count == 0 => "A backdoor is suspected.",
            "backdoored" => suspicious.Count == 1
                ? $"A backdoor is suspected in class <a href=\"#class-{suspicious[0]}\">{Named(suspicious[0])}</a>."
                : $"Backdoors are suspected in classes {string.Join(", ", suspicious.Select(l => $"<a href=\"#class-{l}\">{Named(l)}</a>"))}.",
            "clean" => "No class is suspicious.",
            "not-applicable" => "No detector applies to this model: " + Html.Text(JsonRead.String(verdict["robustness"]?["note"])
                ?? "it is not adversarially robust, and AEGIS needs a robust model."),
            "error" => $"The scan failed ({Html.Text(JsonRead.String(verdict["error"]?["code"]) ?? "error")}): {Html.Text(JsonRead.String(verdict["error"]?["message"]))}",
            _ => $"Verdict: {Html.Text(kind)}.",
        };
    }

    private static void Fact(StringBuilder html, string term, string? value, bool escape = true)
    {
        if (string.IsNullOrEmpty(value))
            return;
        html.Append($"<div><dt>{Html.Text(term)}</dt><dd>{(escape ? Html.Text(value) : value)}</dd></div>");
    }
}
