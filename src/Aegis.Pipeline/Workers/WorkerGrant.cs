using System.Security.Cryptography;
using System.Text;
using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// What one request lets a worker do, signed by the host (<see cref="WorkerGrantSigner"/>): read
/// this model blob version and this dataset, translate this class of this scan, and write this one
/// features blob, with these parameters, until <see cref="ExpiresAt"/>. The worker does nothing the
/// grant does not name, so a caller with a stolen grant can only redo that very class.
/// </summary>
public sealed record WorkerGrant
{
    public required string ScanId { get; init; }
    public required int Label { get; init; }
    public required BlobRef Model { get; init; }
    public required string Dataset { get; init; }
    /// <summary>The only blob the worker may write, in the work container.</summary>
    public required string Features { get; init; }
    /// <summary>SHA-256 of the parameters' JSON, so they cannot be swapped under the same grant.</summary>
    public required string ParametersSha256 { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>How long a grant is good for: long enough to start the job, short enough that a leaked one is soon useless.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static WorkerGrant For(TranslationRequest request, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new WorkerGrant
        {
            ScanId = request.ScanId,
            Label = request.Label,
            Model = request.Model with { ETag = ScanIds.NormalizeETag(request.Model.ETag) },
            Dataset = request.Dataset,
            Features = WorkPaths.Features(request.ScanId, request.Label),
            ParametersSha256 = HashOf(request.Parameters),
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>SHA-256 of a value as the pipeline serializes it (as <typeparamref name="T"/>: <c>object</c> for a job's runtime type).</summary>
    public static string HashOf<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PipelineJson.Serialize(value))));

    /// <summary>Whether <paramref name="request"/> asks for exactly what this grant allows.</summary>
    public bool Covers(TranslationRequest request) => this == For(request, ExpiresAt);
}
