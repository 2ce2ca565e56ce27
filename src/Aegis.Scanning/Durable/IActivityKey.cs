namespace Aegis.Scanning.Durable;

/// <summary>
/// An activity input that names its own checkpoint (e.g. "c007" for class 7), so checkpoints are
/// readable and progress can be read from their names. Other inputs are keyed by a hash of their JSON.
/// </summary>
public interface IActivityKey
{
    string ActivityKey { get; }
}
