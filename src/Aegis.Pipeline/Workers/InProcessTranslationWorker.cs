namespace Aegis.Pipeline.Workers;

/// <summary>Translation in the host's own process, when no workers are configured; a few classes at a time.</summary>
public sealed class InProcessTranslationWorker(ClassTranslationService service, int concurrency) : ITranslationWorker
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency));

    public async Task<FeaturesRef> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken);
        try { return await service.RunAsync(request, "in-process", progress: null, cancellationToken); }
        finally { _slots.Release(); }
    }
}
