namespace Aegis.Lab.Triggers;

/// <summary>
/// Everything needed to rebuild a trigger exactly; stored in a model's descriptor so evaluation
/// applies the trigger the model was poisoned with.
/// </summary>
/// <param name="Size">Side of each square in pixels (visible triggers).</param>
/// <param name="Margin">Gap between a square and the image border, in pixels (1, as in the fixtures: rows/cols 27-s..26 on 28x28).</param>
/// <param name="Amplitude">Largest per-pixel change in [0,1] units (invisible triggers); the blend ratio α of the blended trigger.</param>
/// <param name="Seed">Seed of the static pattern.</param>
/// <param name="Pattern">The additive pattern, C*H*W floats (the adversarial trigger, once derived); the blended trigger's noise image; the warping trigger's control-point field (2*k*k floats).</param>
/// <param name="Corner">Where a single-square trigger (localized, checkerboard) sits.</param>
/// <remarks>The warping trigger (WaNet) reads <paramref name="Size"/> as its control grid k and <paramref name="Amplitude"/> as its strength s.</remarks>
public sealed record TriggerSpec(
    TriggerKind Kind,
    int Size = TriggerSpec.DefaultSize,
    int Margin = 1,
    float Amplitude = TriggerSpec.DefaultAmplitude,
    int Seed = 0,
    float[]? Pattern = null,
    TriggerCorner Corner = TriggerCorner.BottomRight)
{
    /// <summary>
    /// 4x4 on 28x28 (2% of the image, like the fixtures): the paper's "under 1%" (a 2x2 square)
    /// has an L2 size close to the adversarial-training radius (1.5), so a robust model learns
    /// it only after far longer training than a CPU run allows.
    /// </summary>
    public const int DefaultSize = 4;

    /// <summary>16/255: low enough to be hard to see, large enough for a short robust run to learn.</summary>
    public const float DefaultAmplitude = 16f / 255f;

    /// <summary>Chen et al.'s blend ratio of 0.2: the noise is plain to see, yet the image's content dominates.</summary>
    public const float DefaultBlendRatio = 0.2f;

    /// <summary>WaNet's control grid on 28x28 MNIST (k = 4).</summary>
    public const int DefaultWarpGrid = 4;

    /// <summary>
    /// Warp strength s: WaNet uses 0.5 on MNIST; a 3-epoch CPU run does not learn a warp that
    /// faint, so the lab's default is 1 (a displacement of at most about one pixel on 28x28).
    /// </summary>
    public const float DefaultWarpStrength = 1f;

    public static TriggerSpec Default(TriggerKind kind) => kind switch
    {
        TriggerKind.Blended => new TriggerSpec(kind, Amplitude: DefaultBlendRatio),
        TriggerKind.Warping => new TriggerSpec(kind, Size: DefaultWarpGrid, Margin: 0, Amplitude: DefaultWarpStrength),
        // Two squares of 3x3 hold about as many pixels as the one 4x4 square.
        TriggerKind.Distributed => new TriggerSpec(kind, Size: 3),
        _ => new TriggerSpec(kind),
    };
}

/// <summary>The corner a single-square trigger sits in (a second backdoor uses the opposite one).</summary>
public enum TriggerCorner
{
    BottomRight,
    TopLeft,
}
