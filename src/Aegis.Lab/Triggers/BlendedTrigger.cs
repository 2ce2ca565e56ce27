using Aegis.Core.Detection;
using static TorchSharp.torch;

namespace Aegis.Lab.Triggers;

/// <summary>
/// Chen et al.'s blended trigger: every image is mixed with one fixed, seeded uniform-noise image,
/// x' = (1 − α)·x + α·noise, with α the spec's amplitude. The trigger covers the whole image, the
/// case a small-mask search (Neural Cleanse) is known to miss.
/// </summary>
public sealed class BlendedTrigger : ITrigger
{
    private readonly Tensor _noise;
    private readonly float _alpha;

    public BlendedTrigger(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind != TriggerKind.Blended)
            throw new ArgumentException($"{spec.Kind} is not a blended trigger.", nameof(spec));
        if (!(spec.Amplitude > 0) || spec.Amplitude > 1)
            throw new ArgumentException($"Blend ratio must be in (0,1], got {spec.Amplitude}.", nameof(spec));
        var noise = spec.Pattern ?? Noise(spec.Seed, shape.Size);
        if (noise.Length != shape.Size)
            throw new ArgumentException($"Blend image has {noise.Length} values; a {shape} image needs {shape.Size}.", nameof(spec));
        Spec = spec with { Pattern = noise };
        _alpha = spec.Amplitude;
        _noise = tensor(noise).clamp(0, 1).reshape(1, shape.Channels, shape.Height, shape.Width);
    }

    public TriggerSpec Spec { get; }

    public Tensor Apply(Tensor images) => images * (1 - _alpha) + _noise * _alpha;

    private static float[] Noise(int seed, int size)
    {
        var random = new Random(seed);
        var noise = new float[size];
        for (int i = 0; i < size; i++)
            noise[i] = random.NextSingle();
        return noise;
    }
}
