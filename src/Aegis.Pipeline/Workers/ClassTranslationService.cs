using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// TranslateClass proper, wherever it runs: fetch model and dataset into the local cache,
/// translate the class, and write the features blob under the scan id and class (a rerun
/// overwrites the same blob).
/// </summary>
public sealed class ClassTranslationService(ScanStorage storage, BlobCache cache, IClassTranslator translator)
{
    public async Task<FeaturesRef> RunAsync(TranslationRequest request, string executedBy, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string model = await cache.GetModelAsync(request.Model, cancellationToken);
        string dataset = await cache.GetDatasetAsync(request.Dataset, cancellationToken);
        var features = await translator.TranslateAsync(new ClassTranslationRequest(model, dataset, request.Parameters, request.Label), progress, cancellationToken);

        string path = WorkPaths.Features(request.ScanId, request.Label);
        await storage.Work.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(FeaturesCodec.Encode(features)), overwrite: true, cancellationToken);
        return new FeaturesRef
        {
            ScanId = request.ScanId,
            Label = request.Label,
            Path = path,
            Translated = features.Translated.Rows,
            Clean = features.Clean.Rows,
            TranslationSuccess = features.TranslationSuccess,
            TranslationSeconds = features.TranslationSeconds,
            FeatureSeconds = features.FeatureSeconds,
            ExecutedBy = executedBy,
        };
    }
}
