using Aegis.Torch;
using Aegis.Core.Detection;

namespace Aegis.Lab.Triggers;

public static class TriggerFactory
{
    public static ITrigger Create(TriggerSpec spec, ImageShape shape)
    {
        TorchRuntime.EnsureConfigured();
        return spec.Kind switch
        {
            TriggerKind.Localized or TriggerKind.Distributed => new SquareTrigger(spec, shape),
            TriggerKind.InvisibleStatic or TriggerKind.InvisibleAdversarial => new PatternTrigger(spec, shape),
            TriggerKind.Checkerboard => new CheckerboardTrigger(spec, shape),
            TriggerKind.Blended => new BlendedTrigger(spec, shape),
            TriggerKind.Warping => new WarpingTrigger(spec, shape),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown trigger kind."),
        };
    }
}
