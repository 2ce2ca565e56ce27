namespace Aegis.ModelSafety;

/// <summary>The outcome of a static model check; the values line up with ModelScan's exit codes 0–3.</summary>
public enum ModelSafetyStatus
{
    /// <summary>Nothing outside the allowlists: the model may be loaded (in its sandbox).</summary>
    Safe = 0,

    /// <summary>At least one finding: an operator, pickle global, loop or archive entry that is not allowed.</summary>
    Unsafe = 1,

    /// <summary>The file could not be read far enough to be judged (corrupt zip, truncated pickle, code the parser cannot read).</summary>
    Unreadable = 2,

    /// <summary>Neither a TorchScript archive nor a lab model.</summary>
    Unsupported = 3,
}
