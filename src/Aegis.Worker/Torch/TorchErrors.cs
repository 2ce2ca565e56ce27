using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Scanning;

namespace Aegis.Worker.Torch;

/// <summary>Turns the scan's input errors (<see cref="ScanErrors"/>) into the pipeline's scan input errors, code unchanged.</summary>
internal static class TorchErrors
{
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ScanFailureException or DatasetFormatException)
        {
            var error = ScanErrors.Describe(e);
            throw new ScanInputException(error.Code, error.Message, e);
        }
    }
}
