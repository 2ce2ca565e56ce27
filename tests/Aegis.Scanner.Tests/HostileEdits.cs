namespace Aegis.Scanner.Tests;

/// <summary>Edits to the forward method of the robust_clean fixture's TorchScript code, as an attacker would make them.</summary>
internal static class HostileEdits
{
    /// <summary>Inserts statements at the start of forward (after its signature).</summary>
    public static string ForwardPrefix(string code, string statements) =>
        Once(code, "    x: Tensor) -> Tensor:\n    fc2 = self.fc2\n", "    x: Tensor) -> Tensor:\n    " + statements + "fc2 = self.fc2\n");

    /// <summary>Inserts statements in forward just before it returns its logits _0.</summary>
    public static string ForwardSuffix(string code, string statements) =>
        Once(code, "    return _0\n", "    " + statements + "return _0\n");

    private static string Once(string code, string anchor, string replacement)
    {
        int at = code.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0 && code.IndexOf(anchor, at + 1, StringComparison.Ordinal) < 0, "the fixture's code changed; update the edit");
        return code[..at] + replacement + code[(at + anchor.Length)..];
    }
}
