namespace Aegis.Lab.Triggers;

/// <summary>The paper's four backdoor triggers, then three more for detectors other than AEGIS (Neural Cleanse's known blind spots).</summary>
public enum TriggerKind
{
    /// <summary>One white square in the bottom-right corner.</summary>
    Localized,
    /// <summary>Two smaller white squares, top-left and bottom-right.</summary>
    Distributed,
    /// <summary>A fixed, seeded low-intensity pattern added to the whole image (Zhong et al.).</summary>
    InvisibleStatic,
    /// <summary>A low-intensity universal perturbation toward the target, derived from a model (Zhong et al.).</summary>
    InvisibleAdversarial,
    /// <summary>A BadNets-style square of alternating white and black pixels, bottom-right.</summary>
    Checkerboard,
    /// <summary>A fixed seeded noise image blended into the whole image (Chen et al.).</summary>
    Blended,
    /// <summary>A fixed smooth random warp of the whole image, no patch at all (WaNet, Nguyen &amp; Tran).</summary>
    Warping,
}
