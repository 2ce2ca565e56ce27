using Aegis.Core.Verdicts;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// TranslateClass(c): steps 1–2 of AEGIS for one class on a worker (or in this process), which
/// writes the class's features blob. A rejected input is a result; anything else throws and is retried.
/// </summary>
public sealed class TranslateClassActivity(ITranslationWorker translation) : ScanActivity<TranslationRequest, ClassTranslation>
{
    protected override async Task<ClassTranslation> ExecuteAsync(TaskActivityContext context, TranslationRequest input, CancellationToken cancellationToken)
    {
        try
        {
            return new ClassTranslation(await translation.TranslateAsync(input, cancellationToken));
        }
        catch (ScanInputException e)
        {
            return new ClassTranslation(null, new ScanError(e.Code, e.Message));
        }
        catch (ScanFailureException e)
        {
            return new ClassTranslation(null, ScanErrors.Describe(e));
        }
    }
}
