namespace Aegis.Torch;

/// <summary>The dataset cannot be the model's training data: its image shape or class count differs from the model's.</summary>
public sealed class DatasetMismatchException : Exception
{
    public DatasetMismatchException(string message) : base(message) { }
}
