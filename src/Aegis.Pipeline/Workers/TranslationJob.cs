namespace Aegis.Pipeline.Workers;

/// <summary>
/// A class translation on a worker, as <c>POST /api/translations</c> starts it and
/// <c>GET /api/translations/{id}</c> reports it: running (with the fraction done), succeeded (with
/// the features blob), rejected (bad input, 422's <see cref="WorkerError"/>) or failed. Start and
/// poll keep every HTTP exchange short, however long a translation takes (ingress limits such as
/// Container Apps' 240 s never apply).
/// </summary>
public sealed record TranslationJob
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>"{scanId}-{label}": the same class of the same scan is one job, so a retried activity joins the running one.</summary>
    public required string Id { get; init; }
    public required string State { get; init; }
    public double Fraction { get; init; }
    public FeaturesRef? Result { get; init; }
    public WorkerError? Error { get; init; }

    public static string IdFor(TranslationRequest request) => $"{request.ScanId}-{request.Label:D3}";
}
