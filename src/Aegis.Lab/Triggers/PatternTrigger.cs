using Aegis.Core.Detection;
using static TorchSharp.torch;

namespace Aegis.Lab.Triggers;

/// <summary>
/// Invisible triggers: a fixed additive pattern bounded by the amplitude in every pixel, then
/// clamped to [0,1]. The static trigger's pattern is a seeded ±amplitude sign pattern; the
/// adversarial trigger's pattern comes from <see cref="AdversarialTriggerDerivation"/>.
/// </summary>
public sealed class PatternTrigger : ITrigger
{
    private readonly Tensor _pattern;

    public PatternTrigger(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind is not (TriggerKind.InvisibleStatic or TriggerKind.InvisibleAdversarial))
            throw new ArgumentException($"{spec.Kind} is not a pattern trigger.", nameof(spec));
        if (spec.Amplitude <= 0 || spec.Amplitude > 1)
            throw new ArgumentException($"Trigger amplitude must be in (0,1], got {spec.Amplitude}.", nameof(spec));
        var pattern = spec.Kind == TriggerKind.InvisibleStatic ? spec.Pattern ?? StaticPattern(spec, shape) : spec.Pattern
            ?? throw new ArgumentException("The adversarial trigger has no pattern yet; derive it from a model first.", nameof(spec));
        if (pattern.Length != shape.Size)
            throw new ArgumentException($"Trigger pattern has {pattern.Length} values; a {shape} image needs {shape.Size}.", nameof(spec));
        Spec = spec with { Pattern = pattern };
        _pattern = tensor(pattern).clamp(-spec.Amplitude, spec.Amplitude).reshape(1, shape.Channels, shape.Height, shape.Width);
    }

    public TriggerSpec Spec { get; }

    public Tensor Apply(Tensor images) => (images + _pattern).clamp(0, 1);

    private static float[] StaticPattern(TriggerSpec spec, ImageShape shape)
    {
        var random = new Random(spec.Seed);
        var pattern = new float[shape.Size];
        for (int i = 0; i < pattern.Length; i++)
            pattern[i] = random.Next(2) == 0 ? -spec.Amplitude : spec.Amplitude;
        return pattern;
    }
}
