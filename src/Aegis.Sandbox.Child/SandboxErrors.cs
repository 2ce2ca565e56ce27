using System.Runtime.InteropServices;
using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Torch;

namespace Aegis.Sandbox.Child;

/// <summary>
/// What the sandbox tells the parent about a failed operation: the scanner's own input errors
/// keep their code and message (written by the scanner, quoting no value the model computed); an
/// error libtorch raised while running the model is the model's failure, described without
/// libtorch's text (a model can put anything into it); the text goes to standard error, which
/// the parent shows only when asked (AEGIS_SANDBOX_DEBUG=1).
/// </summary>
internal static class SandboxErrors
{
    public static ScanError Describe(string operation, Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            e = aggregate.InnerException!;
        Console.Error.WriteLine($"{operation}: {e}");
        if (AllocationFailure.IsIn(e))
            return new ScanError(ErrorCodes.ModelMemoryLimit, $"The model asked for more memory than the sandbox's limit allows while running {operation} (raise --max-memory if it is legitimately large).");
        return e switch
        {
            ScanFailureException or DatasetFormatException => ScanErrors.Describe(e),
            ExternalException => new ScanError(ErrorCodes.ModelContract, $"The model raised an error while running {operation} (libtorch's message is withheld; AEGIS_SANDBOX_DEBUG=1 shows it)."),
            _ => new ScanError(ErrorCodes.Internal, $"{operation} failed inside the sandbox ({e.GetType().Name})."),
        };
    }
}
