using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Pipeline;

namespace Aegis.Pipeline.Local;

/// <summary>The scan's failures (<see cref="ScanErrors"/>) as the pipeline's scan input errors, code unchanged: an error verdict, not a retry.</summary>
internal static class ScanInputErrors
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ScanFailureException or DatasetFormatException)
        {
            var error = ScanErrors.Describe(e);
            throw new ScanInputException(error.Code, error.Message, e);
        }
    }
}
