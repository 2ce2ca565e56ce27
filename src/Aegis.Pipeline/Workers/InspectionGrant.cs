using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// What one inspection request lets a worker do, signed by the host (<see cref="WorkerGrantSigner"/>):
/// read this model blob version and this dataset and inspect them with these parameters, until
/// <see cref="ExpiresAt"/>. It writes nothing.
/// </summary>
public sealed record InspectionGrant
{
    public required BlobRef Model { get; init; }
    public required string Dataset { get; init; }
    /// <summary>SHA-256 of the parameters' JSON, so they cannot be swapped under the same grant.</summary>
    public required string ParametersSha256 { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>An inspection is one request of at most the ingress's 240 seconds; the grant only has to outlive its start.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static InspectionGrant For(InspectionJob job, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new InspectionGrant
        {
            Model = job.Model with { ETag = ScanIds.NormalizeETag(job.Model.ETag) },
            Dataset = job.Dataset,
            ParametersSha256 = WorkerGrant.HashOf(job.Parameters),
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>Whether <paramref name="job"/> asks for exactly what this grant allows.</summary>
    public bool Covers(InspectionJob job) => this == For(job, ExpiresAt);
}
