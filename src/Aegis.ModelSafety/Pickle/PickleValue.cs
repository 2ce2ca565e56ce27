namespace Aegis.ModelSafety.Pickle;

/// <summary>
/// What the scanner's stack machine keeps of a pickled value: enough to follow persistent ids
/// and tensor rebuilds, never a live object. Nothing in a pickle is ever called.
/// </summary>
internal abstract record PickleValue
{
    public static readonly PickleValue Opaque = new OpaqueValue();
    public static readonly PickleValue None = new NoneValue();
}

internal sealed record OpaqueValue : PickleValue;

internal sealed record NoneValue : PickleValue;

internal sealed record StringValue(string Value) : PickleValue;

internal sealed record IntValue(long Value) : PickleValue;

internal sealed record TupleValue(IReadOnlyList<PickleValue> Items) : PickleValue;

/// <summary>A list is filled in place by APPEND(S), so it is the one mutable value.</summary>
internal sealed record ListValue(List<PickleValue> Items) : PickleValue;

/// <summary>A dictionary is filled in place by SETITEM(S), like a list.</summary>
internal sealed record DictValue(List<KeyValuePair<PickleValue, PickleValue>> Items) : PickleValue;

internal sealed record GlobalValue(string Module, string Name) : PickleValue
{
    public string Qualified => $"{Module}.{Name}";
}

/// <summary>A persistent id <c>('storage', torch.FloatStorage, key, location, numel)</c>: a tensor's bytes in <c>data/key</c>.</summary>
internal sealed record StorageValue(string Key, string Type, long ElementSize, long Elements, long Offset) : PickleValue;

internal sealed record ObjectValue(string Class) : PickleValue;

/// <summary>An archive object and the state BUILD gives it: libtorch fills its slots from that state without checking their types.</summary>
/// <param name="Offset">The BUILD opcode's byte offset, for findings.</param>
internal sealed record BuiltObject(string Class, PickleValue State, int Offset);
