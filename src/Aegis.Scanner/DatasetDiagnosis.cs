using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner;

/// <summary>
/// When the sandbox reports that the dataset cannot be read or does not fit the model, the
/// scanner reads the dataset itself (its own reader; nothing of the model is involved) to say
/// what is wrong in its own words: the sandbox sends only an error code, since any text from it
/// may have been shaped by the model. Runs only on that error path.
/// </summary>
internal static class DatasetDiagnosis
{
    public static ScanFailureException Explain(ScanFailureException reported, string directory, ImageShape modelInput, int modelClasses)
    {
        try
        {
            foreach (var split in new[] { DatasetSplit.Train, DatasetSplit.Test }.Where(s => s == DatasetSplit.Train || DatasetLoader.HasSplit(directory, s)))
            {
                var data = DatasetLoader.Load(directory, split);
                var shape = new ImageShape(data.Channels, data.Height, data.Width);
                string which = $"The {split.ToString().ToLowerInvariant()} split of dataset {directory}";
                if (shape != modelInput)
                    return new ScanFailureException(ErrorCodes.DatasetMismatch,
                        $"{which} has {shape} images but the model takes {modelInput} input; scan it with the dataset it was trained on.");
                if (data.ClassCount != modelClasses)
                    return new ScanFailureException(ErrorCodes.DatasetMismatch,
                        $"{which} has {data.ClassCount} classes but the model outputs {modelClasses} logits; scan it with the dataset it was trained on.");
            }
        }
        catch (DatasetFormatException e)
        {
            return new ScanFailureException(ErrorCodes.DatasetInvalid, e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ScanFailureException(ErrorCodes.DatasetInvalid, $"Dataset {directory} cannot be read: {e.Message}", e);
        }
        return reported;
    }
}
