namespace Aegis.Pipeline.Workers;

/// <summary>Runs TranslateClass somewhere (a GPU worker over HTTP, or in this process) and returns the features blob.</summary>
public interface ITranslationWorker
{
    Task<FeaturesRef> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default);
}
