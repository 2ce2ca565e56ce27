namespace Aegis.Core.Detection;

/// <summary>
/// Which detector a scan runs. AEGIS needs an adversarially robust model (paper, RQ2); Neural Cleanse
/// finds backdoors in standard models and fails on robust ones (paper, RQ3) — so "auto" lets the
/// robustness pre-check choose.
/// </summary>
public static class Detectors
{
    /// <summary>AEGIS when the pre-check finds the model robust (or is skipped), Neural Cleanse otherwise.</summary>
    public const string Auto = "auto";
    public const string Aegis = "aegis";
    public const string NeuralCleanse = "neural-cleanse";
    public static readonly IReadOnlyList<string> All = [Auto, Aegis, NeuralCleanse];
}
