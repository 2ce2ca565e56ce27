using Aegis.Pipeline.Configuration;

namespace Aegis.Pipeline.Workers;

/// <summary>A worker's check of the grants it is sent (translation, inspection, model runs): signed with its <see cref="AegisSettings.WorkerKey"/> and not expired.</summary>
public sealed class WorkerGrantVerifier(AegisSettings settings)
{
    private readonly WorkerGrantSigner _signer = new(settings.WorkerKey ?? throw new InvalidOperationException("A worker needs Aegis__WorkerKey."));

    public WorkerGrant? Verify(string? token) => _signer.Verify(token, DateTimeOffset.UtcNow);

    public InspectionGrant? VerifyInspection(string? token) => _signer.VerifyInspection(token, DateTimeOffset.UtcNow);

    public ModelRunGrant? VerifyModelRun(string? token) => _signer.VerifyModelRun(token, DateTimeOffset.UtcNow);
}
