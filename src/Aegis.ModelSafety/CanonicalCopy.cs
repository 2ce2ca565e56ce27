namespace Aegis.ModelSafety;

/// <summary>
/// The canonical copy of a checked TorchScript archive (<see cref="ModelSafetyCheck.CheckAndCanonicalize"/>):
/// the only file libtorch is given, written from exactly the entries the check read.
/// </summary>
/// <param name="Path">The copy; its owner deletes it when the scan ends.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the copy (the upload's own hash is the verdict's model hash).</param>
/// <param name="Bytes">The copy's size.</param>
public sealed record CanonicalCopy(string Path, string Sha256, long Bytes);
