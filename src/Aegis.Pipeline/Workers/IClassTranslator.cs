using Aegis.Core.Detection;

namespace Aegis.Pipeline.Workers;

/// <summary>Steps 1–2 of AEGIS for one class on local files; implemented by the scan assembly (Aegis.Scanner) in the model's sandbox, in the host and the worker.</summary>
public interface IClassTranslator
{
    Task<ClassFeatures> TranslateAsync(ClassTranslationRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}

public sealed record ClassTranslationRequest(string ModelPath, string DatasetDirectory, ScanParameters Parameters, int Label);
