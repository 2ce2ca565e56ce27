namespace Aegis.Sandbox.Protocol;

/// <summary>
/// A large array the sandbox wrote into its output folder: a plain file name there, the element
/// type ("float32" or "int32", little-endian, no header) and the shape it claims. The parent
/// checks every part before it trusts a byte (<see cref="SandboxArrays"/>).
/// </summary>
public sealed record ArrayRef(string File, string Type, int[] Shape)
{
    public const string Float32 = "float32";
    public const string Int32 = "int32";
}
