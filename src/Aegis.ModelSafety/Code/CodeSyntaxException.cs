namespace Aegis.ModelSafety.Code;

/// <summary>Code the checker's parser cannot read: the model cannot be judged, so it is not loaded.</summary>
internal sealed class CodeSyntaxException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
