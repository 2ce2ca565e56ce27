using Aegis.Core.Detection;

namespace Aegis.Scanning.Workers;

/// <summary>Steps 1–2 of AEGIS for one class on local files; implemented with Aegis.Torch by the host and the worker.</summary>
public interface IClassTranslator
{
    Task<ClassFeatures> TranslateAsync(ClassTranslationRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}

public sealed record ClassTranslationRequest(string ModelPath, string DatasetDirectory, ScanParameters Parameters, int Label);
