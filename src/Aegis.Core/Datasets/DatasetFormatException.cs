namespace Aegis.Core.Datasets;

/// <summary>A dataset file that is missing, truncated, mismatched or not in the expected format.</summary>
public sealed class DatasetFormatException(string message, Exception? inner = null) : Exception(message, inner);
