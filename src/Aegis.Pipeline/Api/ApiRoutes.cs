namespace Aegis.Pipeline.Api;

/// <summary>
/// The routes of DESIGN.md's HTTP API below <c>/api/</c>, one constant each, so that the minimal
/// APIs of <c>aegis serve</c> and the Functions app's HttpTriggers (whose attribute arguments must be
/// constants) cannot drift apart; tests compare both hosts' routes with <see cref="All"/>.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";
    public const string Scans = "scans";
    public const string Scan = "scans/{id}";
    public const string Verdict = "scans/{id}/verdict";
    public const string Report = "scans/{id}/report";
    /// <summary>The trace's suspects.json after a backdoored verdict (suspects.csv with <c>Accept: text/csv</c>).</summary>
    public const string Suspects = "scans/{id}/suspects";
    /// <summary>Catch-all: model blob names may have folders.</summary>
    public const string Model = "models/{*name}";
    public const string Events = "events";
    /// <summary>A short-lived upload URL for one model blob, so large models bypass the API.</summary>
    public const string Uploads = "uploads";

    /// <summary>Every route with its method, as "METHOD route".</summary>
    public static readonly IReadOnlyList<string> All =
    [
        $"POST {Scans}", $"GET {Scan}", $"GET {Verdict}", $"GET {Report}", $"GET {Suspects}", $"PUT {Model}", $"POST {Uploads}", $"POST {Events}", $"OPTIONS {Events}",
    ];
}
