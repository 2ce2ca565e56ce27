namespace Aegis.ModelSafety;

/// <summary>What the check saw, for the report: counts and the distinct operators and pickle globals in use.</summary>
public sealed record ModelInventory
{
    public int Entries { get; init; }
    public long InflatedBytes { get; init; }
    public int CodeFiles { get; init; }
    public int Classes { get; init; }
    public int Functions { get; init; }
    public int Tensors { get; init; }
    public IReadOnlyList<string> Operators { get; init; } = [];
    public IReadOnlyList<string> PickleGlobals { get; init; } = [];
}
