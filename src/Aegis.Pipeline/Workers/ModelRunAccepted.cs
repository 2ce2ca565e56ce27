namespace Aegis.Pipeline.Workers;

/// <summary>
/// A worker's 202 to a model run still going when the request's wait ran out: poll
/// <c>GET /api/model-runs/{id}</c> on the same worker for the answer (the id is the operation and the
/// job's hash, so the same job sent again joins the running one).
/// </summary>
public sealed record ModelRunAccepted(string Id)
{
    public const string Route = "api/model-runs";

    public static string IdFor(ModelRunJob job) => $"{job.Operation}-{WorkerGrant.HashOf<object>(job)}";
}
