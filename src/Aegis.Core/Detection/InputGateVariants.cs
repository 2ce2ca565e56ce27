namespace Aegis.Core.Detection;

/// <summary>
/// The changes the input-gate probe makes to real held-out images: each one a real image pipeline
/// makes without anyone noticing, so a model's answers should not depend on it. The reference is
/// the images as the dataset loader reads them, in the scan's batch size, forward only.
/// </summary>
public static class InputGateVariants
{
    /// <summary>Noise below half a level (|δ| ≤ 0.45/255): rounding to 8 bits gives the same image back.</summary>
    public const string SubQuantumNoise = "sub-quantum-noise";
    /// <summary>The same bytes decoded as level / 255 (true division, as torchvision's ToTensor and numpy do) instead of the loader's level · (1/255): 126 of the 256 levels differ by one float step.</summary>
    public const string Reencoded = "re-encoded";
    /// <summary>
    /// About one pixel in 64 moved by one level, up or down at random (inward at 0 and 255), as two decoders
    /// of the same lossy file differ: the image stays on the grid, but its exact levels change, and with them
    /// any checksum of the levels a key could hide in.
    /// </summary>
    public const string Dithered = "dithered";
    /// <summary>Each image in a batch of its own, as a service classifying one upload at a time sees it.</summary>
    public const string OneAtATime = "one-at-a-time";
    /// <summary>The images in another order, so every batch holds other companions.</summary>
    public const string Shuffled = "shuffled";
    /// <summary>Every image twice in its batch.</summary>
    public const string Duplicated = "duplicated";
    /// <summary>The forward pass with gradients on and the input requiring one, as an attack's forward runs.</summary>
    public const string WithGradient = "with-gradient";

    /// <summary>Every variant, in the order the sandbox returns them.</summary>
    public static readonly IReadOnlyList<string> All = [SubQuantumNoise, Reencoded, Dithered, OneAtATime, Shuffled, Duplicated, WithGradient];
}
