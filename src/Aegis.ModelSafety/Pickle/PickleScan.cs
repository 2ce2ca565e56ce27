namespace Aegis.ModelSafety.Pickle;

/// <summary>What one pickle referred to: its globals, the storages of its tensors, how many tensors it rebuilds and the archive objects it builds.</summary>
internal sealed record PickleScan(IReadOnlyList<string> Globals, IReadOnlyList<StorageValue> Storages, int Tensors, IReadOnlyList<BuiltObject> Objects);
