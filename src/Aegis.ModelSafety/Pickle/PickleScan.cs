namespace Aegis.ModelSafety.Pickle;

/// <summary>What one pickle referred to: its globals, the storages of its tensors and how many tensors it rebuilds.</summary>
internal sealed record PickleScan(IReadOnlyList<string> Globals, IReadOnlyList<StorageValue> Storages, int Tensors);
