using Aegis.Core.Datasets;

namespace Aegis.Core.Verdicts;

/// <summary>The one mapping from what went wrong in a scan to the verdict's error, for every driver.</summary>
public static class ScanErrors
{
    public static ScanError Describe(Exception e) => e switch
    {
        ScanFailureException failure => new ScanError(failure.Code, failure.Message),
        DatasetFormatException => new ScanError(ErrorCodes.DatasetInvalid, e.Message),
        ArithmeticException => new ScanError(ErrorCodes.NumericalFailure, e.Message),
        _ => new ScanError(ErrorCodes.Internal, $"{e.GetType().Name}: {e.Message}"),
    };
}
