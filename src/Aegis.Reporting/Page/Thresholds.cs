using System.Text.Json.Nodes;

namespace Aegis.Reporting.Page;

/// <summary>The decision rule's settings as the verdict records them (defaults when absent), for "how far from the line" cells.</summary>
internal sealed record Thresholds(string Rule, double AnomalyThreshold, double LandingLimit, int PaperClusterLimit)
{
    public static Thresholds From(JsonObject verdict)
    {
        var parameters = verdict["parameters"];
        return new Thresholds(
            JsonRead.String(verdict["decision"]?["rule"]) ?? JsonRead.String(parameters?["rule"]) ?? "shift",
            JsonRead.Number(parameters?["anomalyThreshold"]) ?? 3.0,
            JsonRead.Number(parameters?["landingLimit"]) ?? 0.5,
            (int)(JsonRead.Number(parameters?["paperClusterLimit"]) ?? 2));
    }
}
