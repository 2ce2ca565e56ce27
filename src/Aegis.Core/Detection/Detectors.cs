using Aegis.Core.Verdicts;

namespace Aegis.Core.Detection;

/// <summary>
/// Which detector a scan runs. AEGIS needs an adversarially robust model (paper, RQ2); Neural Cleanse
/// finds backdoors in standard models and fails on robust ones (paper, RQ3) — so "auto" lets the
/// robustness pre-check choose.
/// </summary>
public static class Detectors
{
    /// <summary>AEGIS when the pre-check finds the model robust (or is skipped or forced), Neural Cleanse otherwise.</summary>
    public const string Auto = "auto";
    public const string Aegis = "aegis";
    public const string NeuralCleanse = "neural-cleanse";
    /// <summary>MM-BD (Wang et al., S&amp;P 2024), data-free; opt-in only, never chosen by auto.</summary>
    public const string MmBd = "mm-bd";
    public static readonly IReadOnlyList<string> All = [Auto, Aegis, NeuralCleanse, MmBd];

    /// <summary>
    /// The detector that runs after the pre-check (null when it did not run), or null when none runs:
    /// the input-gate probe judged the model (the verdict is then backdoored, input-gated), or AEGIS was
    /// asked for and the model is not robust (not-applicable).
    /// <c>--force</c> means "AEGIS anyway", so it wins over auto's switch to Neural Cleanse.
    /// </summary>
    public static string? Choose(string detector, RobustnessReport? robustness, InputGateReport? inputGate = null)
    {
        if (inputGate is { Gated: true })
            return null;
        bool aegisApplies = robustness is null || robustness.Robust || robustness.Forced;
        return detector switch
        {
            NeuralCleanse => NeuralCleanse,
            MmBd => MmBd,
            Aegis => aegisApplies ? Aegis : null,
            Auto => aegisApplies ? Aegis : NeuralCleanse,
            _ => throw new ArgumentException($"Unknown detector '{detector}'; use one of: {string.Join(", ", All)}.", nameof(detector)),
        };
    }
}
