namespace Aegis.Core.Embedding;

/// <summary>numpy's <c>finfo(double).eps</c>: scikit-learn's floor for the P and Q probabilities.</summary>
internal static class MachineEpsilon
{
    public const double Value = 2.220446049250313e-16;
}
