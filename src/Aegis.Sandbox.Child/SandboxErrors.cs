using System.Runtime.InteropServices;
using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Torch;

namespace Aegis.Sandbox.Child;

/// <summary>
/// The error code the sandbox sends the parent for a failed operation: the scanner's own input
/// errors keep their code; an error libtorch raised while running the model is the model's
/// failure (model-contract); anything else is internal. No text goes back (the parent words the
/// error from the code and the operation); the exception and its message go to standard error,
/// which the parent shows only when asked (AEGIS_SANDBOX_DEBUG=1).
/// </summary>
internal static class SandboxErrors
{
    public static string CodeOf(string operation, Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            e = aggregate.InnerException!;
        Console.Error.WriteLine($"{operation}: {e}");
        if (AllocationFailure.IsIn(e))
            return ErrorCodes.ModelMemoryLimit;
        return e switch
        {
            ScanFailureException or DatasetFormatException => ScanErrors.Describe(e).Code,
            ExternalException => ErrorCodes.ModelContract,
            _ => ErrorCodes.Internal,
        };
    }
}
