using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// What one model-run request lets a worker do, signed by the host (<see cref="WorkerGrantSigner"/>,
/// under a key of its own): run this one operation (a class's trigger check, or Neural Cleanse) for
/// this scan on this model blob version and dataset, with exactly this job (label, patches, classes
/// and parameters, by <see cref="JobSha256"/>), until <see cref="ExpiresAt"/>. It writes nothing.
/// </summary>
public sealed record ModelRunGrant
{
    public required string Operation { get; init; }
    public required string ScanId { get; init; }
    public required BlobRef Model { get; init; }
    public required string Dataset { get; init; }
    /// <summary>SHA-256 of the whole job's JSON, so nothing in it can be swapped under the same grant.</summary>
    public required string JobSha256 { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Only a model run's start carries the grant (its polls do not), so the grant only has to outlive the start.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static ModelRunGrant For(ModelRunJob job, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new ModelRunGrant
        {
            Operation = job.Operation,
            ScanId = job.ScanId,
            Model = job.Model with { ETag = ScanIds.NormalizeETag(job.Model.ETag) },
            Dataset = job.Dataset,
            JobSha256 = WorkerGrant.HashOf<object>(job),
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>Whether <paramref name="job"/> asks for exactly what this grant allows.</summary>
    public bool Covers(ModelRunJob job) => this == For(job, ExpiresAt);
}
