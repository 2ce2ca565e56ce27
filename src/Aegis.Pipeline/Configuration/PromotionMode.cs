namespace Aegis.Pipeline.Configuration;

/// <summary>What happens to a scanned model blob: nothing, a copy, or a move into approved/ or quarantine/.</summary>
public enum PromotionMode
{
    None,
    Copy,
    Move,
}
