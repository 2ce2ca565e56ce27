using Aegis.Core.Verdicts;

namespace Aegis.Torch;

/// <summary>The dataset cannot be the model's training data: its image shape or class count differs from the model's.</summary>
public sealed class DatasetMismatchException(string message) : ScanFailureException(ErrorCodes.DatasetMismatch, message);
