using System.Text.Json.Nodes;
using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Policy;

/// <summary>
/// Which parameters a scan runs with, and whether its verdict may promote the model. The server's
/// policy (<c>Aegis__Scan__*</c>, every class) decides promotion; parameters an API caller or a
/// sidecar sends override it for that scan, but then whoever uploaded the model also chose how hard
/// it is looked at (a huge threshold, no robustness check, one class), so the verdict is advisory:
/// it says so and never promotes.
/// </summary>
public static class ScanPolicy
{
    public sealed record Resolved(ScanParameters Parameters, string? AdvisoryReason);

    /// <param name="policy">The server's parameters.</param>
    /// <param name="fromCaller">Parameters in the API request, if any (they win over the sidecar's).</param>
    /// <param name="fromSidecar">Parameters in the model's sidecar, if any.</param>
    /// <param name="sidecar">The sidecar's blob name, for the reason.</param>
    public static Resolved Resolve(ScanParameters policy, ScanParameters? fromCaller, ScanParameters? fromSidecar, string sidecar)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (parameters, source) = fromCaller is not null ? (fromCaller, "the API caller")
            : fromSidecar is not null ? (fromSidecar, $"the sidecar {sidecar}")
            : (policy, null);
        if (source is null)
            return new Resolved(policy, null);
        var differences = Differences(policy, parameters);
        return differences.Count == 0
            ? new Resolved(parameters, null)
            : new Resolved(parameters, $"Parameters from {source} differ from the server's scan policy ({string.Join(", ", differences)}); " +
                                       "the verdict is advisory and the model is not promoted.");
    }

    /// <summary>The parameter paths (e.g. "robustness.enabled") whose values differ, in JSON's names.</summary>
    private static IReadOnlyList<string> Differences(ScanParameters policy, ScanParameters parameters)
    {
        var expected = JsonNode.Parse(PipelineJson.Serialize(policy))!.AsObject();
        var actual = JsonNode.Parse(PipelineJson.Serialize(parameters))!.AsObject();
        var differences = new List<string>();
        Compare(expected, actual, "", differences);
        return differences;
    }

    private static void Compare(JsonObject expected, JsonObject actual, string prefix, List<string> differences)
    {
        foreach (string key in expected.Select(p => p.Key).Union(actual.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var (a, b) = (expected[key], actual[key]);
            if (a is JsonObject ao && b is JsonObject bo)
                Compare(ao, bo, $"{prefix}{key}.", differences);
            else if (!JsonNode.DeepEquals(a, b))
                differences.Add(prefix + key);
        }
    }
}
