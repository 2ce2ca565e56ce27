using Aegis.Core.Datasets;
using Aegis.Core.Verdicts;
using Aegis.Scanning;
using Aegis.Torch;
using Aegis.Torch.Models;

namespace Aegis.Worker.Torch;

/// <summary>Turns Aegis.Torch's and the dataset readers' input errors into scan input errors with verdict codes.</summary>
internal static class TorchErrors
{
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ModelLoadException e) { throw new ScanInputException(ErrorCodes.ModelUnreadable, e.Message, e); }
        catch (ModelContractException e) { throw new ScanInputException(ErrorCodes.ModelContract, e.Message, e); }
        catch (DatasetMismatchException e) { throw new ScanInputException(ErrorCodes.DatasetMismatch, e.Message, e); }
        catch (DatasetFormatException e) { throw new ScanInputException(ErrorCodes.DatasetInvalid, e.Message, e); }
    }
}
